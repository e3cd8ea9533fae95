package reports

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A write that fails halfway (as on a full disk) leaves the old file
// untouched, or no file, and no temporary file behind.
func TestWriteFileAtomic_FailureLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	boom := errors.New("no space left on device")
	half := func(w io.Writer) error {
		if _, err := w.Write([]byte(`{"half":`)); err != nil {
			return err
		}
		return boom
	}
	assert.ErrorIs(t, WriteFileAtomic(path, 0o644, half), boom)
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "no partial file")

	require.NoError(t, WriteFileAtomic(path, 0o644, func(w io.Writer) error { _, err := w.Write([]byte("old")); return err }))
	assert.ErrorIs(t, WriteFileAtomic(path, 0o644, half), boom)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b), "the previous file stays whole")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
}

// Documents are staged beside the target and moved in entry by entry: a
// failure leaves the target as it was and no staging directory; a
// successful export replaces an earlier run's entries whole and leaves
// other files alone.
func TestWriteDocuments_StagedThenMoved(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "docs")
	first := []Document{{Path: "ListAssociations.json", Body: []byte("1")}, {Path: "DescribeAssociation/a.json", Body: []byte("a")}, {Path: "DescribeAssociation/old.json", Body: []byte("old")}}
	require.NoError(t, WriteDocuments(dir, first))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))

	// A tree that cannot be written (a file where a directory must go).
	bad := []Document{{Path: "ListAssociations.json", Body: []byte("2")}, {Path: "ListAssociations.json/x.json", Body: []byte("x")}}
	assert.Error(t, WriteDocuments(dir, bad))
	b, err := os.ReadFile(filepath.Join(dir, "ListAssociations.json"))
	require.NoError(t, err)
	assert.Equal(t, "1", string(b), "unchanged by the failed export")

	second := []Document{{Path: "ListAssociations.json", Body: []byte("2")}, {Path: "DescribeAssociation/b.json", Body: []byte("b")}}
	require.NoError(t, WriteDocuments(dir, second))
	names := func(d string) []string {
		es, err := os.ReadDir(d)
		require.NoError(t, err)
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	assert.Equal(t, []string{"DescribeAssociation", "ListAssociations.json", "notes.txt"}, names(dir))
	assert.Equal(t, []string{"b.json"}, names(filepath.Join(dir, "DescribeAssociation")), "the earlier run's entry replaced whole")
	assert.Equal(t, []string{"docs"}, names(parent), "no staging directory left behind")
}

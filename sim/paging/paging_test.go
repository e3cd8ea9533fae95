package paging

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// A token resumes only the operation and scope it was made for, and only
// under the key that made it; anything else is InvalidNextToken.
func TestTokens_BoundToOperationScopeAndKey(t *testing.T) {
	tk := NewTokens([]byte("key-1"))
	p, err := tk.Open("ListAssociations", "", 2, "")
	require.NoError(t, err)
	keys := []string{Pad10(0), Pad10(1), Pad10(2), Pad10(3)}
	from, to, next := tk.Take(p, 4, func(i int) string { return keys[i] }, func(i int, after string) bool { return keys[i] > after })
	assert.Equal(t, 0, from)
	assert.Equal(t, 2, to)
	require.NotEmpty(t, next)

	p2, err := tk.Open("ListAssociations", "", 2, next)
	require.NoError(t, err)
	assert.Equal(t, Pad10(1), p2.After, "the cursor is the last item's key")
	from, to, last := tk.Take(p2, 4, func(i int) string { return keys[i] }, func(i int, after string) bool { return keys[i] > after })
	assert.Equal(t, []int{2, 4}, []int{from, to})
	assert.Empty(t, last, "the last page has no token")

	for name, open := range map[string]func() error{
		"another operation": func() error { _, err := tk.Open("DescribeInstanceInformation", "", 2, next); return err },
		"another scope":     func() error { _, err := tk.Open("ListAssociations", "x", 2, next); return err },
		"another key":       func() error { _, err := NewTokens([]byte("key-2")).Open("ListAssociations", "", 2, next); return err },
		"forged":            func() error { _, err := tk.Open("ListAssociations", "", 2, next[:len(next)-2]+"AA"); return err },
		"garbage":           func() error { _, err := tk.Open("ListAssociations", "", 2, "!!"); return err },
	} {
		var api *model.APIError
		err := open()
		require.True(t, errors.As(err, &api), "%s: %v", name, err)
		assert.Equal(t, model.ErrCodeInvalidNextToken, api.Code, name)
	}
}

// A filler that visits more than MaxScan candidates stops with a short
// page and a token that resumes where it stopped; its pages concatenate
// to every item once.
func TestFill_BoundedScanResumes(t *testing.T) {
	tk := NewTokens([]byte("k"))
	n := MaxScan*2 + 7
	keep := func(i int) bool { return i%1000 == 0 } // sparse matches: scans run out first
	var got []int
	token := ""
	pages := 0
	for {
		p, err := tk.Open("DescribeInstanceInformation", "", 50, token)
		require.NoError(t, err)
		f := NewFill[int](p)
		for i := SeekPad10(p.After); i < n && f.Visit(Pad10(i)); i++ {
			if keep(i) && !f.Offer(Pad10(i)+"/", func() int { return i }) {
				break
			}
		}
		items, next := f.Done(tk, p)
		assert.NotNil(t, items, "never a nil page")
		got = append(got, items...)
		pages++
		if next == "" {
			break
		}
		require.Less(t, pages, 10, "paging ends")
		token = next
	}
	var want []int
	for i := 0; i < n; i++ {
		if keep(i) {
			want = append(want, i)
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 3, pages, fmt.Sprintf("%d candidates, %d a page at most", n, MaxScan))
}

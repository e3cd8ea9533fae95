package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	}))
	return files
}

// Every document `ssmsim run --documents` writes is valid against the SSM
// model and parses in the real AWS SDK with the values it should have.
func TestDocuments_ValidAndParsedByTheAWSSDK(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := runCLI(t, "run", "--documents", dir)
	require.Equal(t, 0, code, errOut)
	files := readTree(t, dir)
	require.Len(t, files, 1+1+1+1+1+20+1000, "create, list, describe, versions, executions, one execution's 1,000 targets in pages of 50, one status per node")

	ctx := context.Background()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	perOp := map[string]int{}
	targets := 0
	for path, body := range files {
		op, rest, _ := strings.Cut(path, "/")
		op = strings.TrimSuffix(op, ".json")
		name, page := pageOf(strings.TrimSuffix(filepath.Base(rest), ".json"))
		perOp[op]++
		require.NoError(t, modelcheck.CheckOutput(op, body), "%s breaks the SSM model", path)
		parsed, err := modelcheck.ParseWithSDK(ctx, op, 200, body)
		require.NoError(t, err, path)

		switch out := parsed.(type) {
		case *ssm.CreateAssociationOutput:
			d := out.AssociationDescription
			assert.Equal(t, name, *d.AssociationId)
			assert.Equal(t, "Pending", *d.Overview.Status)
			assert.Equal(t, "Creating", *d.Overview.DetailedStatus)
			assert.Equal(t, "Associated", string(d.Status.Name))
			assert.Equal(t, start, d.Date.UTC())
			assert.Equal(t, "10%", *d.MaxConcurrency)
			assert.False(t, d.ApplyOnlyAtCronInterval)
		case *ssm.ListAssociationsOutput:
			require.Len(t, out.Associations, 1)
			assert.Equal(t, "AWS-RunShellScript", *out.Associations[0].Name)
			assert.Nil(t, out.NextToken)
		case *ssm.DescribeAssociationOutput:
			d := out.AssociationDescription
			assert.Equal(t, name, *d.AssociationId)
			assert.Equal(t, "patch-production", *d.AssociationName)
			assert.Contains(t, []string{"Success", "Failed"}, *d.Overview.Status)
			total := int32(0)
			for _, n := range d.Overview.AssociationStatusAggregatedCount {
				total += n
			}
			assert.EqualValues(t, 1000, total, "every node's latest status")
			assert.True(t, d.LastExecutionDate.After(start))
			assert.Equal(t, []string{"sudo yum -y update"}, d.Parameters["commands"])
		case *ssm.ListAssociationVersionsOutput:
			require.Len(t, out.AssociationVersions, 1)
			assert.Equal(t, "1", *out.AssociationVersions[0].AssociationVersion)
		case *ssm.DescribeAssociationExecutionsOutput:
			require.Len(t, out.AssociationExecutions, 1)
			e := out.AssociationExecutions[0]
			assert.Equal(t, name, *e.ExecutionId, "D17: the run-once execution reuses the AssociationId")
			assert.Regexp(t, `^\{(Failed=\d+, )?Success=\d+\}$`, *e.ResourceCountByStatus)
			assert.Equal(t, start, e.CreatedTime.UTC())
		case *ssm.DescribeAssociationExecutionTargetsOutput:
			require.Len(t, out.AssociationExecutionTargets, 50, "the default page")
			assert.Equal(t, page < 20, out.NextToken != nil, "page %d of 20", page)
			targets += len(out.AssociationExecutionTargets)
			for i, row := range out.AssociationExecutionTargets {
				assert.Equal(t, name, *row.ExecutionId)
				assert.True(t, model.ValidInstanceID(*row.ResourceId))
				assert.Equal(t, "RunCommand", *row.OutputSource.OutputSourceType)
				if i > 0 {
					assert.Less(t, *out.AssociationExecutionTargets[i-1].ResourceId, *row.ResourceId)
				}
			}
		case *ssm.DescribeInstanceAssociationsStatusOutput:
			require.Len(t, out.InstanceAssociationStatusInfos, 1)
			info := out.InstanceAssociationStatusInfos[0]
			assert.Equal(t, name, *info.InstanceId)
			assert.Contains(t, []string{"Success", "Failed"}, *info.Status)
			assert.True(t, info.ExecutionDate.After(start))
		default:
			t.Fatalf("%s: unexpected operation %s (%T)", path, op, parsed)
		}
	}
	assert.Equal(t, map[string]int{
		"CreateAssociation": 1, "ListAssociations": 1, "DescribeAssociation": 1, "ListAssociationVersions": 1,
		"DescribeAssociationExecutions": 1, "DescribeAssociationExecutionTargets": 20, "DescribeInstanceAssociationsStatus": 1000,
	}, perOp)
	assert.Equal(t, 1000, targets, "every target, across the pages")
}

func TestDocuments_SameSeedByteIdentical(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		_, errOut, code := runCLI(t, "run", "--seed", "11", "--documents", d)
		require.Equal(t, 0, code, errOut)
	}
	_, _, code := runCLI(t, "run", "--seed", "12", "--documents", c)
	require.Equal(t, 0, code)
	ta, tb, tc := readTree(t, a), readTree(t, b), readTree(t, c)
	assert.Equal(t, ta, tb)
	assert.NotEqual(t, ta, tc)
}

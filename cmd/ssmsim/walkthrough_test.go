package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's AWS CLI walkthrough, run for real when the aws command is
// installed: create an association, advance the clock, read the executions.
func TestReadmeWalkthrough_AWSCLI(t *testing.T) {
	awsCLI, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the aws command is not installed")
	}
	h, _, err := newServer(serveConfig{seed: 1})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	cli := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.Command(awsCLI, append(append([]string{"ssm"}, args...), "--endpoint-url", ts.URL, "--output", "json")...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(out, &doc), "%s", out)
		return doc
	}
	post := func(path, body string) {
		t.Helper()
		resp, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode)
	}
	post("/_ssmsim/nodes", `{"Count": 20, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "random", "FailureProbability": 0.1, "DurationSeconds": 60}}`)
	created := cli("create-association", "--name", "AWS-RunShellScript", "--parameters", "commands=yum -y update",
		"--targets", "Key=tag:env,Values=prod", "--max-concurrency", "25%", "--max-errors", "2")
	id := created["AssociationDescription"].(map[string]any)["AssociationId"].(string)
	post("/_ssmsim/advance", `{"Seconds": 600}`)
	execs := cli("describe-association-executions", "--association-id", id)
	list := execs["AssociationExecutions"].([]any)
	require.Len(t, list, 1)
	assert.NotEmpty(t, list[0].(map[string]any)["ResourceCountByStatus"])
}

// The README's walkthrough block, pasted into bash as it stands (only the
// endpoint points at a test server): it needs no edits (issue 13 item 8).
func TestReadmeWalkthrough_Verbatim(t *testing.T) {
	for _, tool := range []string{"aws", "curl", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("SKIP: %s is not installed: the README walkthrough is not run", tool)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "A walkthrough with the AWS CLI:\n\n```sh\n")
	require.True(t, ok, "the README has no walkthrough block")
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	const endpoint = "E=http://127.0.0.1:8080\n"
	require.Contains(t, block, endpoint)
	h, _, err := newServer(serveConfig{seed: 1})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", strings.Replace(block, endpoint, "E="+ts.URL+"\n", 1))
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	// curl's two answers, then the CLI's document.
	k := strings.Index(string(out), `"AssociationExecutions"`)
	require.GreaterOrEqual(t, k, 0, "%s", out)
	i := strings.LastIndex(string(out[:k]), "{")
	var doc struct {
		AssociationExecutions []struct {
			AssociationId, Status string
			ResourceCountByStatus string
		}
	}
	require.NoError(t, json.Unmarshal(out[i:], &doc), "%s", out)
	require.Len(t, doc.AssociationExecutions, 1, "%s", out)
	assert.NotEmpty(t, doc.AssociationExecutions[0].AssociationId)
	assert.NotEmpty(t, doc.AssociationExecutions[0].ResourceCountByStatus)
}

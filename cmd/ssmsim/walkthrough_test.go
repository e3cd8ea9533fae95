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

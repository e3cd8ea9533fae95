package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim/server"
)

// A web page a developer visits can send a "simple" cross-origin POST
// (text/plain, no preflight) to their local server. The control API takes
// only application/json and refuses foreign origins, so no page can drive
// the simulation; curl, the SDKs and tests are unaffected.
func TestControlAPI_RefusesWhatAWebPageCanSend(t *testing.T) {
	_, ts := start(t, 1, server.Options{})
	nodes := `{"Count": 1}`
	for _, c := range []struct {
		name    string
		headers map[string]string
		status  int
		code    string
	}{
		{"text/plain (a simple cross-origin request)", map[string]string{"Content-Type": "text/plain"}, 415, server.ErrCodeUnsupportedMediaType},
		{"form encoding (curl -d without -H)", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, server.ErrCodeUnsupportedMediaType},
		{"no Content-Type", nil, 415, server.ErrCodeUnsupportedMediaType},
		{"foreign Origin", map[string]string{"Content-Type": "application/json", "Origin": "http://evil.example"}, 403, server.ErrCodeForbidden},
		{"foreign Origin, null", map[string]string{"Content-Type": "application/json", "Origin": "null"}, 403, server.ErrCodeForbidden},
		{"JSON, no Origin (curl, SDKs)", map[string]string{"Content-Type": "application/json"}, 200, ""},
		{"JSON with a charset", map[string]string{"Content-Type": "application/json; charset=utf-8"}, 200, ""},
	} {
		rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/nodes", c.headers, nodes)
		assert.Equal(t, c.status, rep.Status, c.name)
		if c.code != "" {
			code, msg := rep.errorDoc(t)
			assert.Equal(t, c.code, code, c.name)
			assert.NotEmpty(t, msg, c.name)
		}
	}
	// The server's own origin is fine; a read from a foreign one is not.
	own := "http://" + ts.Listener.Addr().String()
	assert.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", map[string]string{"Content-Type": "application/json", "Origin": own}, `{"Seconds": 1}`).Status)
	assert.Equal(t, 403, send(t, http.MethodGet, ts.URL+"/_ssmsim/clock", map[string]string{"Origin": "https://evil.example"}, "").Status)
	assert.Equal(t, 200, send(t, http.MethodGet, ts.URL+"/_ssmsim/clock", nil, "").Status)
}

func TestControlAPI_Token(t *testing.T) {
	_, ts := start(t, 1, server.Options{ControlToken: "s3cret"})
	json := map[string]string{"Content-Type": "application/json"}
	for _, auth := range []string{"", "Bearer wrong", "s3cret", "Basic s3cret"} {
		h := map[string]string{"Content-Type": "application/json"}
		if auth != "" {
			h["Authorization"] = auth
		}
		rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", h, `{"Seconds": 1}`)
		require.Equal(t, 401, rep.Status, "Authorization %q", auth)
		code, _ := rep.errorDoc(t)
		assert.Equal(t, server.ErrCodeUnauthorized, code)
	}
	json["Authorization"] = "Bearer s3cret"
	assert.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", json, `{"Seconds": 1}`).Status)
	// The AWS API is not the control API: any SigV4, no token.
	rep := send(t, http.MethodPost, ts.URL, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM.ListAssociations"}, `{}`)
	assert.Equal(t, 200, rep.Status)
}

func TestControlAPI_Off(t *testing.T) {
	_, ts := start(t, 1, server.Options{NoControl: true})
	for _, path := range []string{"advance", "clock", "nodes", "alarms"} {
		rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/"+path, map[string]string{"Content-Type": "application/json"}, `{}`)
		assert.Equal(t, 404, rep.Status, path)
	}
	rep := send(t, http.MethodPost, ts.URL, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM.ListAssociations"}, `{}`)
	assert.Equal(t, 200, rep.Status, "the AWS API still answers")
}

// The control API grows the fleet only up to MaxNodes (serve --max-nodes),
// with a message that says what a node costs.
func TestControlAPI_MaxNodes(t *testing.T) {
	_, ts := start(t, 1, server.Options{MaxNodes: 150})
	json := map[string]string{"Content-Type": "application/json"}
	assert.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/nodes", json, `{"Count": 100}`).Status)
	rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/nodes", json, `{"Count": 51}`)
	require.Equal(t, 400, rep.Status)
	code, msg := rep.errorDoc(t)
	assert.Equal(t, server.ErrCodeLimitExceeded, code)
	assert.Contains(t, msg, "The fleet has 100 nodes; 51 more would pass the limit of 150")
	assert.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/nodes", json, `{"Count": 50}`).Status)
}

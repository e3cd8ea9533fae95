package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

var shellParams = map[string][]string{"commands": {"echo hello"}}

// start builds a simulation and serves it over HTTP for the test's lifetime.
func start(t testing.TB, seed uint64, opts server.Options) (*server.Server, *httptest.Server) {
	t.Helper()
	s, err := sim.New(sim.Config{Seed: seed})
	require.NoError(t, err)
	srv := server.New(s, opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// client is a real AWS SDK SSM client pointed at url, never retrying.
func client(url string, hc *http.Client) *ssm.Client {
	o := ssm.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		Retryer:      aws.NopRetryer{},
	}
	if hc != nil {
		o.HTTPClient = hc
	}
	return ssm.New(o)
}

// reply is a raw HTTP answer.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// errorDoc decodes an error document, requiring exactly __type and an
// optional message.
func (r reply) errorDoc(t testing.TB) (code, message string) {
	t.Helper()
	var doc map[string]string
	require.NoError(t, json.Unmarshal(r.Body, &doc), "body %s", r.Body)
	for k := range doc {
		require.Contains(t, []string{"__type", "message"}, k, "body %s", r.Body)
	}
	return doc["__type"], doc["message"]
}

// send makes one raw HTTP request.
func send(t testing.TB, method, url string, headers map[string]string, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return reply{Status: res.StatusCode, Header: res.Header, Body: b}
}

// awsCall posts an AWS JSON 1.1 request for op, unsigned.
func awsCall(t testing.TB, url, op, body string) reply {
	t.Helper()
	return send(t, http.MethodPost, url+"/", map[string]string{
		"X-Amz-Target": "AmazonSSM." + op,
		"Content-Type": "application/x-amz-json-1.1",
	}, body)
}

// control calls the control API.
func control(t testing.TB, url, method, path, body string) reply {
	t.Helper()
	return send(t, method, url+"/_ssmsim/"+path, map[string]string{"Content-Type": "application/json"}, body)
}

// controlOK calls the control API, requires 200 and decodes the answer into v.
func controlOK(t testing.TB, url, method, path, body string, v any) {
	t.Helper()
	r := control(t, url, method, path, body)
	require.Equal(t, http.StatusOK, r.Status, "%s %s: %s", method, path, r.Body)
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	if v != nil {
		require.NoError(t, json.Unmarshal(r.Body, v))
	}
}

// addNodes adds nodes through the control API and returns their IDs.
func addNodes(t testing.TB, url, body string) []string {
	t.Helper()
	var out struct{ InstanceIds []string }
	controlOK(t, url, http.MethodPost, "nodes", body, &out)
	return out.InstanceIds
}

// clockNow reads the virtual clock through the control API.
func clockNow(t testing.TB, url string) float64 {
	t.Helper()
	var out struct{ Now float64 }
	controlOK(t, url, http.MethodGet, "clock", "", &out)
	return out.Now
}

// advance moves virtual time through the control API.
func advance(t testing.TB, url string, seconds float64) float64 {
	t.Helper()
	var out struct{ Now float64 }
	b, _ := json.Marshal(map[string]float64{"Seconds": seconds})
	controlOK(t, url, http.MethodPost, "advance", string(b), &out)
	return out.Now
}

// awsRequest builds an in-process AWS JSON 1.1 request for op.
func awsRequest(t testing.TB, op, body string) *http.Request {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "AmazonSSM."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	return req
}

// httptestRecorder serves one request in process.
func httptestRecorder(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

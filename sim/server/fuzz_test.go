package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// fresh returns a server over an empty simulation with two nodes: each
// fuzz input gets its own, so one input's effects never change another's.
func fresh(tb testing.TB) *server.Server {
	s, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.AddNodes(sim.NodeGroup{Count: 2, Behavior: sim.Behavior{Duration: sim.Fixed(0)}}); err != nil {
		tb.Fatal(err)
	}
	return server.New(s, server.Options{Seed: 1})
}

// FuzzRequest: any body sent to any operation gets an answer that is a valid
// document of that operation (or a valid error document), never a panic or
// a 500.
func FuzzRequest(f *testing.F) {
	ops := fresh(f).Operations()
	for i, op := range ops {
		f.Add(uint8(i), `{}`)
		_ = op
	}
	for _, body := range []string{`{"AssociationId":"8dfe3659-4309-493a-8755-0123456789ab"}`, `{"MaxResults":0}`, `[]`, `{"Targets":[{"Key":"tag:a","Values":["b"]}],"Name":"AWS-RunShellScript","Parameters":{"commands":["x"]}}`, `{"InstanceId":"i-0123456789abcdef0"}`, `{"AssociationIds":["x"]}`, `null`, ``} {
		f.Add(uint8(0), body)
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		op := ops[int(which)%len(ops)]
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AmazonSSM."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		rec := httptest.NewRecorder()
		fresh(t).ServeHTTP(rec, req)
		out := rec.Body.Bytes()
		switch {
		case rec.Code == http.StatusOK:
			if err := modelcheck.CheckOutput(op, out); err != nil {
				t.Fatalf("%s %q: 200 with an invalid document %s: %v", op, body, out, err)
			}
		case rec.Code >= 500:
			t.Fatalf("%s %q: %d %s", op, body, rec.Code, out)
		default:
			var doc map[string]any
			if json.Unmarshal(out, &doc) != nil || doc["__type"] == nil {
				t.Fatalf("%s %q: %d without an error document: %s", op, body, rec.Code, out)
			}
			code := doc["__type"].(string)
			if code != "SerializationException" && code != "ValidationException" {
				if err := modelcheck.CheckError(op, out); err != nil {
					t.Fatalf("%s %q: invalid error document %s: %v", op, body, out, err)
				}
			}
		}
	})
}

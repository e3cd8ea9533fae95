package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// serve runs one in-process AWS request.
func serve(srv *Server, op, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", TargetPrefix+op)
	req.Header.Set("Content-Type", ContentType)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) (string, string) {
	t.Helper()
	var doc struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc), rec.Body.String())
	return doc.Type, doc.Message
}

// A panicking operation is answered 500 InternalServerError, the lock is
// released, and the server keeps serving; a plain error is a 500 too.
func TestPanicAndPlainErrors(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	srv := New(s, Options{})
	srv.ops["Boom"] = operation{
		in: reflect.TypeFor[model.ListAssociationsInput](),
		fn: reflect.ValueOf(func(model.ListAssociationsInput) (*model.ListAssociationsOutput, error) { panic("boom") }),
	}
	srv.ops["Plain"] = operation{
		in: reflect.TypeFor[model.ListAssociationsInput](),
		fn: reflect.ValueOf(func(model.ListAssociationsInput) (*model.ListAssociationsOutput, error) {
			return nil, errors.New("disk on fire")
		}),
	}
	srv.ops["Nil"] = operation{
		in: reflect.TypeFor[model.ListAssociationsInput](),
		fn: reflect.ValueOf(func(model.ListAssociationsInput) (*model.ListAssociationsOutput, error) { return nil, nil }),
	}

	rec := serve(srv, "Nil", `{}`)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "{}", rec.Body.String())
	rec = serve(srv, "Plain", `{}`)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	code, msg := errorCode(t, rec)
	assert.Equal(t, "InternalServerError", code)
	assert.Equal(t, "disk on fire", msg)
	assert.Equal(t, http.StatusOK, serve(srv, "ListAssociations", `{}`).Code, "a plain error leaves the simulation usable")

	rec = serve(srv, "Boom", `{}`)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	code, msg = errorCode(t, rec)
	assert.Equal(t, "InternalServerError", code)
	assert.Equal(t, "internal error: boom", msg)
	assert.Len(t, rec.Header()[RequestIDHeader], 1)
	for range 3 { // a panic may have left it half-updated: nothing more is served from it
		rec = serve(srv, "ListAssociations", `{}`)
		assert.Equal(t, http.StatusInternalServerError, rec.Code)
		_, msg = errorCode(t, rec)
		assert.Contains(t, msg, "may be half-updated")
	}

	// Do takes the same lock: it would deadlock had the panic kept it.
	srv.Do(func(s *sim.Sim) { assert.Equal(t, sim.DefaultStart(), s.Now()) })
}

// A panicking Validate hook is a 500 too.
func TestPanickingValidateHook(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	srv := New(s, Options{Validate: func(op string, _ []byte) error {
		if op == "DescribeAssociation" {
			panic("validator bug")
		}
		return nil
	}})
	rec := serve(srv, "DescribeAssociation", `{}`)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	code, msg := errorCode(t, rec)
	assert.Equal(t, "InternalServerError", code)
	assert.Equal(t, "internal error: validator bug", msg)
	assert.Equal(t, http.StatusOK, serve(srv, "ListAssociations", `{}`).Code)
}

package server_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// The AWS side's protocol errors, answered as AWS JSON error documents.
func TestAWS_ProtocolErrors(t *testing.T) {
	_, ts := start(t, 1, server.Options{MaxBodyBytes: 1024})
	jsonCT := "application/x-amz-json-1.1"
	tests := []struct {
		name    string
		method  string
		path    string
		headers map[string]string
		body    string
		status  int
		code    string
		message string
	}{
		{"unknown operation", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.LaunchRocket", "Content-Type": jsonCT}, `{}`,
			400, "UnknownOperationException", "Unknown operation AmazonSSM.LaunchRocket."},
		{"another service's target", "POST", "/", map[string]string{"X-Amz-Target": "DynamoDB_20120810.ListAssociations", "Content-Type": jsonCT}, `{}`,
			400, "UnknownOperationException", "Unknown operation DynamoDB_20120810.ListAssociations."},
		{"operation name case", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.listAssociations", "Content-Type": jsonCT}, `{}`,
			400, "UnknownOperationException", ""},
		{"missing target", "POST", "/", map[string]string{"Content-Type": jsonCT}, `{}`,
			400, "UnknownOperationException", "Missing X-Amz-Target header: expected AmazonSSM.<Operation>."},
		{"wrong content type", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations", "Content-Type": "application/json"}, `{}`,
			400, "UnknownOperationException", `Unsupported Content-Type "application/json" for ListAssociations: expected application/x-amz-json-1.1.`},
		{"JSON 1.0 content type", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations", "Content-Type": "application/x-amz-json-1.0"}, `{}`,
			400, "UnknownOperationException", ""},
		{"missing content type", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations"}, `{}`,
			400, "UnknownOperationException", ""},
		{"malformed JSON", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociation", "Content-Type": jsonCT}, `{"AssociationId": `,
			400, "SerializationException", ""},
		{"trailing garbage", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociation", "Content-Type": jsonCT}, `{} x`,
			400, "SerializationException", ""},
		{"not an object", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations", "Content-Type": jsonCT}, `[]`,
			400, "SerializationException", "Start of list found where not expected"},
		{"type mismatch", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociation", "Content-Type": jsonCT}, `{"AssociationId": 5}`,
			400, "SerializationException", "NUMBER_VALUE cannot be converted to String"},
		{"timestamp as string", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociationExecutions", "Content-Type": jsonCT}, `{"AssociationId": "x", "Filters": [{"Key": "CreatedTime", "Value": 5, "Type": "EQUAL"}]}`,
			400, "SerializationException", ""},
		{"oversized body", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations", "Content-Type": jsonCT}, `{"NextToken": "` + strings.Repeat("x", 2000) + `"}`,
			413, "RequestEntityTooLargeException", "Request body exceeds the limit of 1024 bytes."},
		{"GET on /", "GET", "/", nil, "",
			405, "UnknownOperationException", "Method GET is not allowed on /: AWS JSON 1.1 requests are POST."},
		{"PUT on /", "PUT", "/", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations", "Content-Type": jsonCT}, `{}`,
			405, "UnknownOperationException", ""},
		{"other path", "POST", "/v1/ssm", map[string]string{"X-Amz-Target": "AmazonSSM.ListAssociations", "Content-Type": jsonCT}, `{}`,
			404, "UnknownOperationException", ""},
		{"a model constraint (D16)", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociation", "Content-Type": jsonCT}, `{"AssociationId": "nope"}`,
			400, "ValidationException", "1 validation error detected: Value 'nope' at 'associationId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"},
		{"a missing required member", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociationExecutions", "Content-Type": jsonCT}, `{}`,
			400, "ValidationException", "1 validation error detected: Value null at 'associationId' failed to satisfy constraint: Member must not be null"},
		{"error from the simulation", "POST", "/", map[string]string{"X-Amz-Target": "AmazonSSM.DescribeAssociation", "Content-Type": jsonCT}, `{"AssociationId": "00000000-0000-4000-8000-000000000000"}`,
			400, "AssociationDoesNotExist", "Association with id 00000000-0000-4000-8000-000000000000 does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, tt.method, ts.URL+tt.path, tt.headers, tt.body)
			assert.Equal(t, tt.status, r.Status, "body %s", r.Body)
			assert.Equal(t, "application/x-amz-json-1.1", r.Header.Get("Content-Type"))
			assert.Len(t, r.Header.Get("X-Amzn-Requestid"), 36)
			code, msg := r.errorDoc(t)
			assert.Equal(t, tt.code, code)
			if tt.message != "" {
				assert.Equal(t, tt.message, msg)
			} else {
				assert.NotEmpty(t, msg)
			}
			if tt.status == 405 {
				assert.Equal(t, "POST", r.Header.Get("Allow"))
			}
		})
	}
}

// The request ID header goes on the wire in AWS's spelling.
func TestAWS_RequestIDHeaderSpelling(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	rec := httptestRecorder(server.New(s, server.Options{}), awsRequest(t, "ListAssociations", `{}`))
	assert.Len(t, rec.Header()["x-amzn-RequestId"], 1)
	assert.Empty(t, rec.Header()["X-Amzn-Requestid"])
}

// Success answers: 200, the JSON 1.1 content type, documents the service
// model accepts; an empty body counts as {} and any signature is accepted.
func TestAWS_Success(t *testing.T) {
	_, ts := start(t, 1, server.Options{})
	for _, body := range []string{`{}`, ``, ` {"NextToken": ""} `} {
		r := awsCall(t, ts.URL, "ListAssociations", body)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, "application/x-amz-json-1.1", r.Header.Get("Content-Type"))
		assert.JSONEq(t, `{"Associations": []}`, string(r.Body))
		require.NoError(t, modelcheck.CheckOutput("ListAssociations", r.Body))
	}
	r := send(t, "POST", ts.URL+"/", map[string]string{
		"X-Amz-Target":  "AmazonSSM.GetCalendarState",
		"Content-Type":  "application/x-amz-json-1.1; charset=utf-8",
		"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-3/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef",
		"X-Amz-Date":    "20240101T000000Z",
	}, `{"CalendarNames": ["nope"]}`)
	assert.Equal(t, 400, r.Status, "routed to the simulation: %s", r.Body)
	code, _ := r.errorDoc(t)
	assert.NotEqual(t, "UnknownOperationException", code)
}

// The Validate hook sees the raw body before decoding; its *APIError is the
// answer, any other error a ValidationException.
func TestAWS_ValidateHook(t *testing.T) {
	var seen []string
	validate := func(op string, body []byte) error {
		seen = append(seen, op+" "+string(body))
		if err := modelcheck.CheckInput(op, body); err != nil {
			return &model.APIError{Code: model.ErrCodeSerialization, Message: err.Error(), HTTPStatus: 400}
		}
		if strings.Contains(string(body), "plain") {
			return errors.New("plain refusal")
		}
		return nil
	}
	_, ts := start(t, 1, server.Options{Validate: validate})

	r := awsCall(t, ts.URL, "DescribeAssociation", `{"AssociationID": "x"}`)
	assert.Equal(t, 400, r.Status)
	code, _ := r.errorDoc(t)
	assert.Equal(t, "SerializationException", code, "encoding/json alone would have matched AssociationId case-insensitively")

	r = awsCall(t, ts.URL, "ListAssociations", `{"NextToken": "plain"}`)
	code, msg := r.errorDoc(t)
	assert.Equal(t, "ValidationException", code)
	assert.Equal(t, "plain refusal", msg)

	r = awsCall(t, ts.URL, "ListAssociations", `{}`)
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, []string{`DescribeAssociation {"AssociationID": "x"}`, `ListAssociations {"NextToken": "plain"}`, `ListAssociations {}`}, seen)
}

// The dispatch table holds exactly the methods of *sim.Sim shaped
// func(model.XInput) (*model.XOutput, error), and each routes.
func TestOperations_Table(t *testing.T) {
	srv, ts := start(t, 1, server.Options{})
	ops := srv.Operations()

	var want []string
	st := reflect.TypeFor[*sim.Sim]()
	for i := range st.NumMethod() {
		m := st.Method(i)
		ft := m.Type
		if ft.NumIn() == 2 && ft.NumOut() == 2 &&
			ft.In(1).String() == "model."+m.Name+"Input" && ft.Out(0).String() == "*model."+m.Name+"Output" &&
			ft.Out(1) == reflect.TypeFor[error]() {
			want = append(want, m.Name)
		}
	}
	assert.Equal(t, want, ops)
	for _, op := range []string{"CreateAssociation", "DescribeAssociation", "DescribeAssociationExecutions",
		"DescribeAssociationExecutionTargets", "DescribeInstanceAssociationsStatus", "ListAssociations",
		"ListAssociationVersions", "StartAssociationsOnce", "UpdateAssociation", "DeleteAssociation",
		"GetCalendarState", "CreateDocument", "DescribeDocument"} {
		assert.Contains(t, ops, op)
	}
	for _, notOp := range []string{"SetAlarmState", "AddNodes", "RunUntil", "Now", "Fleet"} {
		assert.NotContains(t, ops, notOp)
	}
	t.Logf("%d operations: %v", len(ops), ops)

	// Every operation routes: {} gets the simulation's own answer, never a
	// protocol error or a crash.
	for _, op := range ops {
		r := awsCall(t, ts.URL, op, `{}`)
		if r.Status == 200 {
			var v map[string]any
			assert.NoError(t, json.Unmarshal(r.Body, &v), "%s: %s", op, r.Body)
			continue
		}
		code, _ := r.errorDoc(t)
		assert.NotContains(t, []string{"UnknownOperationException", "SerializationException", "InternalServerError"}, code, "%s: %s", op, r.Body)
	}
}

package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

var startEpoch = float64(sim.DefaultStart().Unix())

func TestControl_Clock(t *testing.T) {
	_, ts := start(t, 1, server.Options{})
	r := control(t, ts.URL, "GET", "clock", "")
	require.Equal(t, 200, r.Status)
	assert.Equal(t, `{"Now":1704067200.0}`, string(r.Body), "model.Timestamp format")
	assert.Len(t, r.Header.Get("X-Amzn-Requestid"), 36)

	assert.Equal(t, startEpoch+1.5, advance(t, ts.URL, 1.5))
	assert.Equal(t, startEpoch+1.5, advance(t, ts.URL, 0.0004), "millisecond resolution")
	assert.Equal(t, startEpoch+1.501, advance(t, ts.URL, 0.0006))

	var out struct{ Now float64 }
	controlOK(t, ts.URL, "POST", "advance", `{"Until": 1704070800.25}`, &out)
	assert.Equal(t, 1704070800.25, out.Now)
	controlOK(t, ts.URL, "POST", "advance", `{"Until": 1704070800.25}`, &out)
	assert.Equal(t, 1704070800.25, out.Now, "Until now is not the past")
	assert.Equal(t, 1704070800.25, clockNow(t, ts.URL))
}

// Nodes from the control API carry their tags, platform, kind and outcome.
func TestControl_Nodes(t *testing.T) {
	ctx := context.Background()
	srv, ts := start(t, 3, server.Options{})
	c := client(ts.URL, nil)

	tmo := addNodes(t, ts.URL, `{"Count": 2, "Tags": {"z": "1", "a": "2"}, "Platform": "Linux", "Kind": "managed", "Behavior": {"Outcome": "timeout"}}`)
	require.Len(t, tmo, 2)
	for _, id := range tmo {
		assert.True(t, strings.HasPrefix(id, "mi-0"), id)
	}
	win := addNodes(t, ts.URL, `{"Count": 1, "Platform": "Windows"}`)
	off := addNodes(t, ts.URL, `{"Count": 1, "Behavior": {"Outcome": "offline"}}`)
	rnd := addNodes(t, ts.URL, `{"Count": 4, "Behavior": {"Outcome": "random", "FailureProbability": 1, "DurationSeconds": 0.5}}`)
	def := addNodes(t, ts.URL, `{"Count": 1}`)
	assert.True(t, strings.HasPrefix(def[0], "i-0"), def[0])

	srv.Do(func(s *sim.Sim) {
		f := s.Fleet()
		n, ok := f.Lookup(tmo[1])
		require.True(t, ok)
		assert.Equal(t, []model.Tag{{Key: "a", Value: "2"}, {Key: "z", Value: "1"}}, f.Tags(n), "sorted by key")
		assert.Equal(t, 1.0, f.Behavior(n).TimeoutProbability)
		n, _ = f.Lookup(win[0])
		assert.Equal(t, model.PlatformWindows, f.Platform(n))
		n, _ = f.Lookup(off[0])
		assert.Equal(t, sim.OverrideOffline, f.Override(n))
		n, _ = f.Lookup(rnd[0])
		assert.Equal(t, 1.0, f.Behavior(n).FailureProbability)
		assert.Equal(t, sim.Fixed(500*1e6), f.Behavior(n).Duration)
		n, _ = f.Lookup(def[0])
		assert.Equal(t, model.PlatformLinux, f.Platform(n))
		assert.Equal(t, sim.Fixed(60*1e9), f.Behavior(n).Duration, "60 s by default")
		assert.Equal(t, sim.OverrideNone, f.Override(n))
	})

	_, err := c.CreateAssociation(ctx, &ssm.CreateAssociationInput{
		Name: aws.String("AWS-RunShellScript"), Parameters: shellParams,
		Targets: []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}},
	})
	require.NoError(t, err)
	advance(t, ts.URL, 2*3600)
	want := map[string][2]string{
		tmo[0]: {"TimedOut", "Execution Timed Out"}, tmo[1]: {"TimedOut", "Execution Timed Out"},
		win[0]: {"Failed", "InvalidPlatform"}, off[0]: {"Failed", "Undeliverable"}, def[0]: {"Success", "Success"},
	}
	for _, id := range rnd {
		want[id] = [2]string{"Failed", "Failed"}
	}
	for id, status := range want {
		st, err := c.DescribeInstanceAssociationsStatus(ctx, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: aws.String(id)})
		require.NoError(t, err)
		require.Len(t, st.InstanceAssociationStatusInfos, 1, id)
		info := st.InstanceAssociationStatusInfos[0]
		assert.Equal(t, status, [2]string{aws.ToString(info.Status), aws.ToString(info.DetailedStatus)}, id)
	}
}

// Alarms set through the control API gate associations.
func TestControl_Alarms(t *testing.T) {
	ctx := context.Background()
	_, ts := start(t, 1, server.Options{})
	c := client(ts.URL, nil)
	addNodes(t, ts.URL, `{"Count": 2}`)
	r := control(t, ts.URL, "POST", "alarms", `{"Name": "cpu-high", "State": "ALARM"}`)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, "{}", string(r.Body))
	out, err := c.CreateAssociation(ctx, &ssm.CreateAssociationInput{
		Name: aws.String("AWS-RunShellScript"), Parameters: shellParams,
		Targets:            []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}},
		AlarmConfiguration: &types.AlarmConfiguration{Alarms: []types.Alarm{{Name: aws.String("cpu-high")}}},
	})
	require.NoError(t, err)
	advance(t, ts.URL, 600)
	d, err := c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: out.AssociationDescription.AssociationId})
	require.NoError(t, err)
	require.Len(t, d.AssociationDescription.TriggeredAlarms, 1)
	assert.Equal(t, "cpu-high", aws.ToString(d.AssociationDescription.TriggeredAlarms[0].Name))
	assert.Equal(t, types.ExternalAlarmStateAlarm, d.AssociationDescription.TriggeredAlarms[0].State)
}

// Every control API refusal: status, code, and the field it names.
func TestControl_Errors(t *testing.T) {
	_, ts := start(t, 1, server.Options{MaxBodyBytes: 512})
	advance(t, ts.URL, 60)
	tests := []struct {
		name, method, path, body string
		status                   int
		code, mentions           string
	}{
		{"unknown path", "GET", "nope", "", 404, "NotFoundException", "/_ssmsim/nope"},
		{"advance by GET", "GET", "advance", "", 405, "MethodNotAllowedException", "POST"},
		{"clock by POST", "POST", "clock", "{}", 405, "MethodNotAllowedException", "GET"},
		{"nodes by DELETE", "DELETE", "nodes", "", 405, "MethodNotAllowedException", "POST"},
		{"advance: empty body", "POST", "advance", "", 400, "SerializationException", "empty"},
		{"advance: malformed", "POST", "advance", `{"Seconds": `, 400, "SerializationException", "JSON"},
		{"advance: not an object", "POST", "advance", `5`, 400, "SerializationException", "object"},
		{"advance: trailing data", "POST", "advance", `{"Seconds": 1} {}`, 400, "SerializationException", "after"},
		{"advance: unknown field", "POST", "advance", `{"Minutes": 1}`, 400, "SerializationException", `"Minutes"`},
		{"advance: string seconds", "POST", "advance", `{"Seconds": "1"}`, 400, "SerializationException", "Seconds"},
		{"advance: neither", "POST", "advance", `{}`, 400, "ValidationException", "Seconds and Until"},
		{"advance: both", "POST", "advance", `{"Seconds": 1, "Until": 1704067300}`, 400, "ValidationException", "Seconds and Until"},
		{"advance: negative", "POST", "advance", `{"Seconds": -1}`, 400, "ValidationException", "Seconds"},
		{"advance: too far", "POST", "advance", `{"Seconds": 1e12}`, 400, "ValidationException", "Seconds"},
		{"advance: until past", "POST", "advance", `{"Until": 1704067200}`, 400, "ValidationException", "in the past"},
		{"advance: until negative", "POST", "advance", `{"Until": -5}`, 400, "ValidationException", "Until"},
		{"advance: until too far", "POST", "advance", `{"Until": 1e11}`, 400, "ValidationException", "Until"},
		{"nodes: no count", "POST", "nodes", `{}`, 400, "ValidationException", "Count"},
		{"nodes: count too big", "POST", "nodes", `{"Count": 100001}`, 400, "ValidationException", "Count"},
		{"nodes: fractional count", "POST", "nodes", `{"Count": 1.5}`, 400, "SerializationException", "Count"},
		{"nodes: platform", "POST", "nodes", `{"Count": 1, "Platform": "BeOS"}`, 400, "ValidationException", "Platform"},
		{"nodes: kind", "POST", "nodes", `{"Count": 1, "Kind": "lambda"}`, 400, "ValidationException", "Kind"},
		{"nodes: empty tag key", "POST", "nodes", `{"Count": 1, "Tags": {"": "x"}}`, 400, "ValidationException", "Tags"},
		{"nodes: long tag value", "POST", "nodes", `{"Count": 1, "Tags": {"k": "` + strings.Repeat("v", 257) + `"}}`, 400, "ValidationException", "Tags"},
		{"nodes: tag value type", "POST", "nodes", `{"Count": 1, "Tags": {"k": 1}}`, 400, "SerializationException", "Tags"},
		{"nodes: outcome", "POST", "nodes", `{"Count": 1, "Behavior": {"Outcome": "explode"}}`, 400, "ValidationException", "Behavior.Outcome"},
		{"nodes: probability", "POST", "nodes", `{"Count": 1, "Behavior": {"FailureProbability": 1.5}}`, 400, "ValidationException", "Behavior.FailureProbability"},
		{"nodes: probability with fixed outcome", "POST", "nodes", `{"Count": 1, "Behavior": {"Outcome": "succeed", "FailureProbability": 0.5}}`, 400, "ValidationException", "Behavior.FailureProbability"},
		{"nodes: negative duration", "POST", "nodes", `{"Count": 1, "Behavior": {"DurationSeconds": -1}}`, 400, "ValidationException", "Behavior.DurationSeconds"},
		{"nodes: huge duration", "POST", "nodes", `{"Count": 1, "Behavior": {"DurationSeconds": 1e9}}`, 400, "ValidationException", "Behavior.DurationSeconds"},
		{"nodes: unknown behavior field", "POST", "nodes", `{"Count": 1, "Behavior": {"Timeout": 5}}`, 400, "SerializationException", `"Timeout"`},
		{"alarms: no name", "POST", "alarms", `{"State": "OK"}`, 400, "ValidationException", "Name"},
		{"alarms: state", "POST", "alarms", `{"Name": "a", "State": "RED"}`, 400, "ValidationException", "State"},
		{"alarms: unknown field", "POST", "alarms", `{"Name": "a", "State": "OK", "Reason": "x"}`, 400, "SerializationException", `"Reason"`},
		{"oversized", "POST", "nodes", `{"Count": 1, "Tags": {"k": "` + strings.Repeat("v", 600) + `"}}`, 413, "RequestEntityTooLargeException", "512"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := control(t, ts.URL, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.Len(t, r.Header.Get("X-Amzn-Requestid"), 36)
			code, msg := r.errorDoc(t)
			assert.Equal(t, tt.code, code, msg)
			assert.Contains(t, msg, tt.mentions)
		})
	}
	assert.Equal(t, startEpoch+60, clockNow(t, ts.URL), "no refused request moved time")
}

// The same calls to two servers with the same seed carry the same request
// IDs, errors and control calls included; another seed gives others.
func TestRequestIDs_Deterministic(t *testing.T) {
	run := func(seed uint64) []string {
		_, ts := start(t, 1, server.Options{Seed: seed})
		var ids []string
		for i := range 6 {
			var r reply
			switch i % 3 {
			case 0:
				r = awsCall(t, ts.URL, "ListAssociations", `{}`)
			case 1:
				r = awsCall(t, ts.URL, "Nope", `{}`)
			default:
				r = control(t, ts.URL, "POST", "advance", `{"Seconds": `+strconv.Itoa(i)+`}`)
			}
			ids = append(ids, r.Header.Get("X-Amzn-Requestid"))
		}
		// The SDK sees the same IDs.
		var meta []string
		c := client(ts.URL, nil)
		_, err := c.ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
		require.NoError(t, err)
		_, err = c.DescribeAssociation(context.Background(), &ssm.DescribeAssociationInput{AssociationId: aws.String("00000000-0000-4000-8000-000000000000")})
		require.Error(t, err)
		var re interface{ ServiceRequestID() string }
		require.ErrorAs(t, err, &re)
		meta = append(meta, re.ServiceRequestID())
		return append(ids, meta...)
	}
	a, b, other := run(42), run(42), run(43)
	assert.Equal(t, a, b)
	seen := map[string]bool{}
	for i, id := range a {
		assert.Len(t, id, 36)
		assert.False(t, seen[id], "IDs are distinct")
		seen[id] = true
		assert.NotEqual(t, id, other[i])
	}
}

func TestControl_ResponsesAreJSON(t *testing.T) {
	_, ts := start(t, 1, server.Options{})
	r := control(t, ts.URL, http.MethodPost, "nodes", `{"Count": 2}`)
	var v map[string][]string
	require.NoError(t, json.Unmarshal(r.Body, &v))
	assert.Len(t, v["InstanceIds"], 2)
}

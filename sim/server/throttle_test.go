package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/ssmsim/ssmsim/sim/server"
)

// signed returns the headers of a call signed for access key and region.
func signed(op, key, region string) map[string]string {
	return map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM." + op,
		"Authorization": "AWS4-HMAC-SHA256 Credential=" + key + "/20240101/" + region + "/ssm/aws4_request, SignedHeaders=host, Signature=x"}
}

// A bucket per operation, account and Region: Burst calls at once, then
// Rate a second; the call that finds none gets 400 ThrottlingException
// "Rate exceeded" (the real service's answer) as a common error of the
// model; another operation, Region or account has a bucket of its own.
func TestThrottle_TokenBuckets(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	th, err := server.NewThrottle(map[string]server.Limit{"*": {Rate: 2, Burst: 3}}, clock)
	require.NoError(t, err)
	_, ts := start(t, 1, server.Options{Throttle: th, Clock: clock})
	call := func(op, key, region string) reply {
		return send(t, http.MethodPost, ts.URL, signed(op, key, region), `{}`)
	}
	for i := range 3 {
		assert.Equal(t, 200, call("ListAssociations", "AKID1", "us-east-1").Status, "call %d of the burst", i+1)
	}
	rep := call("ListAssociations", "AKID1", "us-east-1")
	require.Equal(t, 400, rep.Status)
	assert.JSONEq(t, `{"__type":"ThrottlingException","message":"Rate exceeded"}`, string(rep.Body))
	assert.NoError(t, modelcheck.CheckError("ListAssociations", rep.Body))
	assert.Equal(t, 200, call("DescribeInstanceInformation", "AKID1", "us-east-1").Status, "another operation")
	assert.Equal(t, 200, call("ListAssociations", "AKID1", "eu-west-1").Status, "another Region")
	assert.Equal(t, 200, call("ListAssociations", "AKID2", "us-east-1").Status, "another account")

	clock.Advance(400 * time.Millisecond)
	assert.Equal(t, 400, call("ListAssociations", "AKID1", "us-east-1").Status, "0.8 of a token")
	clock.Advance(100 * time.Millisecond)
	assert.Equal(t, 200, call("ListAssociations", "AKID1", "us-east-1").Status, "a whole token after 0.5 s at 2 a second")
	clock.Advance(time.Hour)
	for range 3 {
		assert.Equal(t, 200, call("ListAssociations", "AKID1", "us-east-1").Status, "full again, never above the burst")
	}
	assert.Equal(t, 400, call("ListAssociations", "AKID1", "us-east-1").Status)
	assert.Equal(t, map[string]int{"ListAssociations": 3}, th.Throttled())
}

// POST /_ssmsim/throttle sets or removes an operation's limit at run
// time; it is not journaled (no simulation state), and bad limits are
// refused.
func TestThrottle_ControlAPI(t *testing.T) {
	j := &memJournal{}
	_, ts := start(t, 1, server.Options{Journal: j})
	ctl := func(body string) reply { return send(t, http.MethodPost, ts.URL+"/_ssmsim/throttle", jsonCT, body) }
	call := func() int {
		return send(t, http.MethodPost, ts.URL, signed("ListAssociations", "A", "us-east-1"), `{}`).Status
	}

	for range 5 {
		require.Equal(t, 200, call(), "no throttling by default")
	}
	rep := ctl(`{"Operation": "ListAssociations", "Rate": 0.001, "Burst": 1}`)
	require.Equal(t, 200, rep.Status, "%s", rep.Body)
	assert.JSONEq(t, `{"Limits": {"ListAssociations": {"Rate": 0.001, "Burst": 1}}, "Throttled": {}}`, string(rep.Body))
	assert.Equal(t, 200, call())
	assert.Equal(t, 400, call())
	require.Equal(t, 200, ctl(`{"Operation": "ListAssociations", "Off": true}`).Status)
	assert.Equal(t, 200, call())
	assert.Empty(t, j.entries, "throttle settings are not journaled")

	for _, bad := range []string{`{"Operation": "ListAssociations", "Rate": 0, "Burst": 1}`, `{"Operation": "ListAssociations", "Rate": 1, "Burst": 0}`,
		`{"Operation": "NoSuchOperation", "Rate": 1, "Burst": 1}`, `{"Rate": 1, "Burst": 1}`} {
		assert.Equal(t, 400, ctl(bad).Status, bad)
	}
}

// advancingBackoff is the standard retryer's wait, made in the server's
// virtual wall clock instead of real time: the retries are the SDK's own
// (attempts, retry quota, which errors are throttles), only their sleep is
// a jump of the throttle's clock, so the test is fast and never flaky.
type advancingBackoff struct{ clock *clockwork.FakeClock }

func (b advancingBackoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	b.clock.Advance(time.Duration(attempt) * 500 * time.Millisecond)
	return 0, nil
}

// A CI-like client through the real AWS SDK with its standard retries:
// ten workers create 50 associations and poll their executions while the
// clock advances a virtual second at a time. Under the default throttle
// (10 calls a second, bursts of 20) it meets ThrottlingException and still
// completes every call; the same script without throttling is never
// throttled.
func TestThrottle_SDKRetriesAbsorbTheDefault(t *testing.T) {
	for _, throttled := range []bool{true, false} {
		t.Run(fmt.Sprintf("throttle=%v", throttled), func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			opts := server.Options{Clock: clock}
			var th *server.Throttle
			if throttled {
				limits, err := server.LoadLimits("default", nil)
				require.NoError(t, err)
				th, err = server.NewThrottle(limits, clock)
				require.NoError(t, err)
				opts.Throttle = th
			}
			_, ts := start(t, 1, opts)
			addNodes(t, ts.URL, `{"Count": 20, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "succeed", "DurationSeconds": 1}}`)
			var attempts atomic.Int64
			c := ssm.New(ssm.Options{Region: "us-east-1", BaseEndpoint: aws.String(ts.URL),
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
				Retryer:     retry.NewStandard(func(o *retry.StandardOptions) { o.Backoff = advancingBackoff{clock} })})
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var wg sync.WaitGroup
			var mu sync.Mutex
			var failures []error
			fail := func(err error) {
				mu.Lock()
				defer mu.Unlock()
				failures = append(failures, err)
			}
			ids := make([][]string, 10)
			for w := range 10 {
				wg.Go(func() {
					for range 5 {
						attempts.Add(1)
						out, err := c.CreateAssociation(ctx, &ssm.CreateAssociationInput{Name: aws.String("AWS-RunShellScript"),
							Parameters: shellParams, Targets: []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}}})
						if err != nil {
							fail(err)
							return
						}
						ids[w] = append(ids[w], aws.ToString(out.AssociationDescription.AssociationId))
					}
				})
			}
			wg.Wait()
			require.Empty(t, failures, "every create completes through the SDK's retries")
			for second := range 3 {
				require.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", jsonCT, `{"Seconds": 1}`).Status)
				for w := range 10 {
					wg.Go(func() {
						for _, id := range ids[w] {
							attempts.Add(1)
							if _, err := c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(id)}); err != nil {
								fail(fmt.Errorf("second %d: %w", second, err))
							}
						}
					})
				}
				wg.Wait()
			}
			require.Empty(t, failures, "every poll completes through the SDK's retries")
			n := 0
			if throttled {
				for _, v := range th.Throttled() {
					n += v
				}
				assert.Positive(t, n, "the script met ThrottlingException")
			}
			t.Logf("%d calls; %d answers were ThrottlingException, all absorbed by the SDK's standard retries", attempts.Load(), n)
		})
	}
}

// --throttle's argument: "default", or a JSON file of limits; anything
// else is refused with what is wrong.
func TestLoadLimits(t *testing.T) {
	files := map[string]string{
		"ok.json":      `{"DescribeAssociationExecutions": {"Rate": 5, "Burst": 10}, "*": {"Rate": 50, "Burst": 100}}`,
		"zero.json":    `{"ListAssociations": {"Rate": 0, "Burst": 1}}`,
		"unknown.json": `{"ListAssociations": {"Rate": 1, "Burst": 1, "Per": "minute"}}`,
		"text.json":    `rate 5`,
	}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("open %s: no such file", name)
	}
	l, err := server.LoadLimits("default", read)
	require.NoError(t, err)
	assert.Equal(t, map[string]server.Limit{"*": server.DefaultLimit}, l)
	l, err = server.LoadLimits("ok.json", read)
	require.NoError(t, err)
	assert.Equal(t, server.Limit{Rate: 5, Burst: 10}, l["DescribeAssociationExecutions"])
	for name, want := range map[string]string{"zero.json": "Rate must be a positive", "unknown.json": "unknown field", "text.json": "want a JSON object", "missing.json": "no such file"} {
		_, err := server.LoadLimits(name, read)
		assert.ErrorContains(t, err, want, name)
	}
}

// The AWS CLI's standard retry mode absorbs the default throttle too: one
// describe-instance-information over 600 nodes pages 60 calls at once, is
// throttled past the burst, and still lists every node. (AWS_MAX_ATTEMPTS
// 10, a setting of the standard mode, keeps botocore's random backoff from
// ever running out of attempts; with its default 3 a run would fail now
// and then, as a real client's would.)
func TestThrottle_AWSCLIAbsorbsTheDefault(t *testing.T) {
	awsCLI, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("SKIP: the aws command is not installed; the CLI under throttling was not checked")
	}
	limits, err := server.LoadLimits("default", nil)
	require.NoError(t, err)
	th, err := server.NewThrottle(limits, nil)
	require.NoError(t, err)
	_, ts := start(t, 1, server.Options{Throttle: th})
	addNodes(t, ts.URL, `{"Count": 600}`)
	cmd := exec.Command(awsCLI, "ssm", "describe-instance-information", "--endpoint-url", ts.URL, "--output", "json",
		"--query", "length(InstanceInformationList)")
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=", "AWS_RETRY_MODE=standard", "AWS_MAX_ATTEMPTS=10")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "600", strings.TrimSpace(string(out)), "every node, through the throttling")
	assert.Positive(t, th.Throttled()["DescribeInstanceInformation"], "the CLI met ThrottlingException")
	t.Logf("%d answers were ThrottlingException", th.Throttled()["DescribeInstanceInformation"])
}

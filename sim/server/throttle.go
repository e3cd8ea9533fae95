package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/ssmsim/ssmsim/model"
)

// Throttling, as the real service does it: every AWS account and Region
// has a token bucket per operation; a call that finds its bucket empty is
// answered 400 ThrottlingException "Rate exceeded" — the real answer
// (aws-solutions/instance-scheduler-on-aws#284: "Rate exceeded (Service:
// AWSSimpleSystemsManagement; Status Code: 400; Error Code:
// ThrottlingException)") — which the AWS SDKs retry with backoff.
//
// Buckets fill in wall time, not virtual time: throttling is about how
// fast a client calls, and an SDK's backoff sleeps in wall time; a bucket
// that filled only when the virtual clock moved would throttle a client
// that polls without advancing it for ever. The account is the access key
// of the call's SigV4 credential and the Region its credential scope's
// (a call without credentials is one anonymous account).

// ErrCodeThrottling is the code of a throttled call.
const ErrCodeThrottling = "ThrottlingException"

// Limit is one operation's rate: Rate calls per second on average, Burst
// at once.
type Limit struct {
	Rate  float64 `json:"Rate"`
	Burst int     `json:"Burst"`
}

// DefaultLimit is the limit --throttle default gives every operation:
// AWS publishes no call rates for the State Manager API, and real reports
// put its throttling at tens of calls per second (segmentio/chamber#34:
// 10 parallel loops calling DescribeParameters were throttled after about
// 20 calls). A decision, switchable per operation.
var DefaultLimit = Limit{Rate: 10, Burst: 20}

// maxBuckets bounds the buckets kept (a client can make up any number of
// access keys); past it they all start full again.
const maxBuckets = 10_000

// Throttle keeps the token buckets. The zero value throttles nothing;
// NewThrottle makes one. It is safe for concurrent use.
type Throttle struct {
	mu      sync.Mutex
	clock   clockwork.Clock
	limits  map[string]Limit // by operation; "*" for any other
	buckets map[bucketKey]*bucket
	count   map[string]int // throttled calls by operation
}

type bucketKey struct{ account, region, op string }

type bucket struct {
	tokens float64
	at     time.Time
}

// NewThrottle returns a throttle with the given limits (by operation name,
// "*" for every operation not named) on clock (nil: the wall clock).
func NewThrottle(limits map[string]Limit, clock clockwork.Clock) (*Throttle, error) {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	t := &Throttle{clock: clock, limits: map[string]Limit{}, buckets: map[bucketKey]*bucket{}, count: map[string]int{}}
	for op, l := range limits {
		if err := l.check(op); err != nil {
			return nil, err
		}
		t.limits[op] = l
	}
	return t, nil
}

func (l Limit) check(op string) error {
	if math.IsNaN(l.Rate) || math.IsInf(l.Rate, 0) || l.Rate <= 0 || l.Burst < 1 {
		return fmt.Errorf("throttle %s: Rate must be a positive number of calls per second and Burst at least 1 (got %v, %d)", op, l.Rate, l.Burst)
	}
	return nil
}

// limit is op's limit, if it has one.
func (t *Throttle) limit(op string) (Limit, bool) {
	if l, ok := t.limits[op]; ok {
		return l, true
	}
	l, ok := t.limits["*"]
	return l, ok
}

// Allow takes a token of account's bucket for op in region, and reports
// whether there was one.
func (t *Throttle) Allow(account, region, op string) bool {
	if t == nil {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.limit(op)
	if !ok {
		return true
	}
	now := t.clock.Now()
	k := bucketKey{account, region, op}
	b := t.buckets[k]
	if b == nil {
		if len(t.buckets) >= maxBuckets {
			clear(t.buckets)
		}
		b = &bucket{tokens: float64(l.Burst), at: now}
		t.buckets[k] = b
	}
	b.tokens = math.Min(float64(l.Burst), b.tokens+now.Sub(b.at).Seconds()*l.Rate)
	b.at = now
	if b.tokens < 1 {
		t.count[op]++
		return false
	}
	b.tokens--
	return true
}

// Set changes op's limit ("*": every operation not named); Remove drops
// it. Buckets already made keep their tokens.
func (t *Throttle) Set(op string, l Limit) error {
	if err := l.check(op); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.limits[op] = l
	return nil
}

// Remove stops throttling op (unless "*" covers it).
func (t *Throttle) Remove(op string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.limits, op)
}

// Throttled reports how many calls of each operation were throttled.
func (t *Throttle) Throttled() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.count))
	for k, v := range t.count {
		out[k] = v
	}
	return out
}

// credential is a SigV4 Authorization header's access key and Region
// ("" for each when the header carries none).
func credential(r *http.Request) (account, region string) {
	h := r.Header.Get("Authorization")
	_, rest, ok := strings.Cut(h, "Credential=")
	if !ok {
		return "", ""
	}
	scope, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(scope), "/")
	if len(parts) < 3 {
		return parts[0], ""
	}
	return parts[0], parts[2]
}

// throttled is the answer to a call its bucket refuses.
func throttled() error {
	return model.NewError(ErrCodeThrottling, "Rate exceeded")
}

// throttleRequest is the body of POST /_ssmsim/throttle: an operation (or
// "*") and its limit, or Off to stop throttling it.
type throttleRequest struct {
	Operation string  `json:"Operation"`
	Rate      float64 `json:"Rate"`
	Burst     int     `json:"Burst"`
	Off       bool    `json:"Off"`
}

// throttleState answers GET and POST /_ssmsim/throttle.
type throttleState struct {
	Limits    map[string]Limit `json:"Limits"`
	Throttled map[string]int   `json:"Throttled"`
}

func (t *Throttle) state() throttleState {
	t.mu.Lock()
	limits := make(map[string]Limit, len(t.limits))
	for k, v := range t.limits {
		limits[k] = v
	}
	t.mu.Unlock()
	return throttleState{Limits: limits, Throttled: t.Throttled()}
}

// setThrottle serves POST /_ssmsim/throttle. Throttling is no simulation
// state: it is not journaled, and a restart starts from --throttle again.
func (srv *Server) setThrottle(body []byte) (any, error) {
	var req throttleRequest
	if err := decodeStrict(body, &req); err != nil {
		return nil, err
	}
	if req.Operation == "" {
		return nil, invalid("Operation is required: an SSM operation such as DescribeAssociationExecutions, or * for every other.")
	}
	if _, ok := srv.ops[req.Operation]; !ok && req.Operation != "*" {
		names := srv.Operations()
		return nil, invalid("Operation %s is not one this server serves (%s).", req.Operation, strings.Join(names[:min(len(names), 5)], ", ")+", …")
	}
	if req.Off {
		srv.throttle.Remove(req.Operation)
	} else if err := srv.throttle.Set(req.Operation, Limit{Rate: req.Rate, Burst: req.Burst}); err != nil {
		return nil, invalid("%v", err)
	}
	return srv.throttle.state(), nil
}

// LoadLimits reads --throttle's argument: "default", or a JSON file
// mapping operation names (and "*") to {"Rate": …, "Burst": …}.
func LoadLimits(arg string, read func(string) ([]byte, error)) (map[string]Limit, error) {
	if arg == "default" {
		return map[string]Limit{"*": DefaultLimit}, nil
	}
	b, err := read(arg)
	if err != nil {
		return nil, err
	}
	var limits map[string]Limit
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&limits); err != nil {
		return nil, fmt.Errorf("%s: want a JSON object of operation names to {\"Rate\": calls per second, \"Burst\": calls}: %v", arg, err)
	}
	for _, op := range slices.Sorted(maps.Keys(limits)) {
		if err := limits[op].check(op); err != nil {
			return nil, fmt.Errorf("%s: %v", arg, err)
		}
	}
	return limits, nil
}

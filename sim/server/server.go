package server

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Wire constants.
const (
	// DefaultMaxBodyBytes is the request body limit when Options sets none: 1 MiB.
	DefaultMaxBodyBytes int64 = 1 << 20
	// RequestIDHeader is the response header carrying the request ID, spelled
	// as AWS spells it on the wire.
	RequestIDHeader = "x-amzn-RequestId"
	// ContentType is the media type of AWS JSON 1.1 requests and responses.
	ContentType = "application/x-amz-json-1.1"
	// TargetPrefix prefixes the operation name in X-Amz-Target.
	TargetPrefix = "AmazonSSM."
	// ControlPrefix is the path prefix of the control API.
	ControlPrefix = "/_ssmsim/"
)

// Error codes the server itself answers with (besides the model's).
const (
	ErrCodeRequestEntityTooLarge = "RequestEntityTooLargeException"
	ErrCodeNotFound              = "NotFoundException"
	ErrCodeMethodNotAllowed      = "MethodNotAllowedException"
	ErrCodeUnsupportedMediaType  = "UnsupportedMediaTypeException"
	ErrCodeForbidden             = "ForbiddenException"
	ErrCodeUnauthorized          = "UnauthorizedException"
)

// streamRequestID names the request-ID stream among the seed's streams.
const streamRequestID = 0x72716964 // "rqid"

// maxVirtual bounds virtual time: the engine counts nanoseconds in an int64,
// which ends in 2262.
var maxVirtual = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// Options configures a Server.
type Options struct {
	// Seed derives the request IDs (x-amzn-RequestId).
	Seed uint64
	// Clock is the wall clock TimeScale follows; nil means
	// clockwork.NewRealClock().
	Clock clockwork.Clock
	// TimeScale 0 moves virtual time only through the control API; X > 0
	// makes virtual time follow wall time X-fold: before each request the
	// simulation runs to start + X × (wall time since New), never backwards.
	TimeScale float64
	// MaxBodyBytes limits request bodies (AWS and control side); 0 means
	// DefaultMaxBodyBytes (1 MiB). Larger bodies get 413
	// RequestEntityTooLargeException.
	MaxBodyBytes int64
	// Validate checks an AWS request's raw body before it is decoded. A
	// *model.APIError it returns is the answer as is; any other error
	// becomes a 400 ValidationException carrying its text. Nil means
	// ModelValidation (the service model's constraints) unless
	// NoValidation is set.
	Validate func(operation string, body []byte) error
	// NoValidation turns off the default model validation.
	NoValidation bool
	// ControlToken, when set, must accompany every control API request as
	// "Authorization: Bearer <token>" (401 otherwise).
	ControlToken string
	// NoControl turns the control API off: /_ssmsim/ answers 404 and the
	// server offers only the AWS API.
	NoControl bool
	// MaxMemoryBytes bounds the simulation's memory: an advance whose
	// estimate (Sim.EstimateRun) would take the live heap past it is
	// refused up front, and one that gets there anyway stops where it is.
	// 0 means DefaultMaxMemoryBytes; negative means no limit.
	MaxMemoryBytes int64
	// Journal, when set, receives every state-changing call that
	// succeeded, before it is answered (ssmsim serve --state).
	Journal Journal
	// MaxNodes bounds the fleet the control API may grow (POST
	// /_ssmsim/nodes answers LimitExceededException past it); 0 means
	// DefaultMaxNodes, negative no limit.
	MaxNodes int
	// SnapshotEvery is how many events pass between two snapshots of a
	// Journal that keeps them (SnapshotStore); 0 means
	// DefaultSnapshotEvery, negative none.
	SnapshotEvery int64
	// Logf receives what the server has to say that is no answer to a
	// call (a snapshot it could not write); nil discards it.
	Logf func(format string, args ...any)
	// Throttle, when set, answers calls over their operation's rate with
	// ThrottlingException (throttle.go); nil throttles nothing until the
	// control API sets a limit.
	Throttle *Throttle
}

// DefaultMaxNodes is the fleet limit when Options sets none.
const DefaultMaxNodes = 1_000_000

// DefaultMaxMemoryBytes is the live-heap limit when Options sets none:
// 1 GiB, which keeps the process under about 2 GB resident with the
// garbage collector's default headroom.
const DefaultMaxMemoryBytes int64 = 1 << 30

// operation is one entry of the dispatch table: a function
// func(model.XInput) (*model.XOutput, error) and its input type.
type operation struct {
	in reflect.Type
	fn reflect.Value
}

// Server is the AWS JSON 1.1 front of a simulation plus its control API;
// it implements http.Handler and is safe for concurrent use: one mutex
// serialises every access to the simulation.
type Server struct {
	mu  sync.Mutex
	sim *sim.Sim
	ops map[string]operation

	streams sim.Streams
	reqs    atomic.Uint64
	run     atomic.Uint64 // restarts so far: request IDs are (run, count)

	clock     clockwork.Clock
	scale     float64
	wallStart time.Time
	virtStart time.Time

	maxBody  int64
	validate func(string, []byte) error

	controlToken string
	noControl    bool
	maxMemory    int64
	journal      Journal
	maxNodes     int

	throttle      *Throttle     // never nil
	faults        *faults       // injected faults (POST /_ssmsim/faults)
	snapshotEvery int64         // events between snapshots (journals that keep them)
	snapEvents    uint64        // events at the last snapshot
	snapMu        sync.Mutex    // held from a snapshot's capture until it is on disk; guards snapAt and snapCost
	snapAt        time.Time     // when the last snapshot was written (wall clock)
	snapCost      time.Duration // what it cost: the copy under the lock, then the disk
	lastEvents    uint64        // the point of the last journaled call: events handled
	lastAt        int64         // and its instant, Unix milliseconds
	logf          func(string, ...any)

	broken atomic.Value // the panic that left the simulation possibly half-updated (string)

	advanceMu sync.Mutex    // one advance at a time; held across its slices
	stopping  chan struct{} // closed by Interrupt
	stopOnce  sync.Once
}

// New wraps s. The dispatch table is built here, by reflection over the
// methods of *sim.Sim (see the package documentation), so every operation
// the simulation offers is served.
func New(s *sim.Sim, opts Options) *Server {
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if math.IsNaN(opts.TimeScale) || math.IsInf(opts.TimeScale, 0) || opts.TimeScale < 0 {
		opts.TimeScale = 0
	}
	// Each raw body is checked against the model before its operation runs
	// (validation), so the simulation need not check the decoded request
	// again; Do hands the simulation to Go callers with its own check on.
	s.AssumeCheckedRequests(true)
	srv := &Server{
		sim:       s,
		ops:       operations(s),
		streams:   sim.NewStreams(opts.Seed),
		clock:     opts.Clock,
		scale:     opts.TimeScale,
		wallStart: opts.Clock.Now(),
		virtStart: s.Now(),
		maxBody:   opts.MaxBodyBytes,
		validate:  validation(opts),

		controlToken: opts.ControlToken,
		noControl:    opts.NoControl,
		maxMemory:    cmp.Or(opts.MaxMemoryBytes, DefaultMaxMemoryBytes),
		journal:      opts.Journal,
		maxNodes:     cmp.Or(opts.MaxNodes, DefaultMaxNodes),

		snapshotEvery: cmp.Or(opts.SnapshotEvery, DefaultSnapshotEvery),
		snapEvents:    s.Events(),
		logf:          opts.Logf,
		throttle:      opts.Throttle,
		stopping:      make(chan struct{}),
	}
	if srv.logf == nil {
		srv.logf = func(string, ...any) {}
	}
	if srv.throttle == nil {
		srv.throttle, _ = NewThrottle(nil, opts.Clock)
	}
	srv.faults = &faults{seed: opts.Seed}
	_ = srv.faults.set(nil)
	return srv
}

// Sim returns the wrapped simulation, for tests. The server may use it from
// any goroutine at any time while it serves: touching it directly while
// requests may be in flight is a data race. Use Do instead.
func (srv *Server) Sim() *sim.Sim { return srv.sim }

// Do runs fn with the simulation under the server's lock, after bringing
// virtual time up to date when TimeScale is set, so library users can share
// the simulation with HTTP clients safely. fn must not call back into the
// server (the lock is not reentrant) nor keep s.
func (srv *Server) Do(fn func(s *sim.Sim)) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.catchUp()
	srv.sim.AssumeCheckedRequests(false)
	defer srv.sim.AssumeCheckedRequests(true)
	fn(srv.sim)
}

// Operations lists the operation names the AWS side serves, sorted.
func (srv *Server) Operations() []string {
	names := make([]string, 0, len(srv.ops))
	for n := range srv.ops {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// operations builds the dispatch table: every method of *sim.Sim named X
// whose signature is func(model.XInput) (*model.XOutput, error).
func operations(s *sim.Sim) map[string]operation {
	modelPkg := reflect.TypeFor[model.APIError]().PkgPath()
	errType := reflect.TypeFor[error]()
	v := reflect.ValueOf(s)
	t := v.Type()
	ops := map[string]operation{}
	for i := range t.NumMethod() {
		m := t.Method(i)
		ft := m.Func.Type() // receiver first
		if ft.NumIn() != 2 || ft.NumOut() != 2 || ft.IsVariadic() {
			continue
		}
		in, out := ft.In(1), ft.Out(0)
		if in.Kind() != reflect.Struct || in.PkgPath() != modelPkg || in.Name() != m.Name+"Input" {
			continue
		}
		if out.Kind() != reflect.Pointer || out.Elem().Kind() != reflect.Struct ||
			out.Elem().PkgPath() != modelPkg || out.Elem().Name() != m.Name+"Output" || ft.Out(1) != errType {
			continue
		}
		ops[m.Name] = operation{in: in, fn: v.Method(i)}
	}
	return ops
}

// ServeHTTP routes /_ssmsim/… to the control API and everything else to
// the AWS side. Every response carries x-amzn-RequestId.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := srv.streams.UUID(streamRequestID, srv.reqs.Add(1), srv.run.Load())
	// Set the key directly: AWS's spelling, not Go's canonical form.
	w.Header()[RequestIDHeader] = []string{id}
	// Operations and control handlers recover their own panics (see
	// locked); this catches the rest, e.g. a panicking Validate hook.
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			writeError(w, ContentType, model.NewError(model.ErrCodeInternalServerError, "internal error: %v", p))
		}
	}()
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		srv.serveControl(w, r)
		return
	}
	srv.serveAWS(w, r)
}

// locked runs fn under the lock after the time-scale catch-up; a panic
// becomes a 500 InternalServerError and the lock is released either way.
func (srv *Server) locked(fn func() ([]byte, error)) (body []byte, err error) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			// The simulation may be half-updated: serve nothing more from it.
			srv.broken.CompareAndSwap(nil, fmt.Sprint(p))
			body, err = nil, model.NewError(model.ErrCodeInternalServerError, "internal error: %v", p)
		}
	}()
	if err := srv.unusable(); err != nil {
		return nil, err
	}
	srv.catchUp()
	return fn()
}

// virtualNow is the simulation's clock, read under the lock.
func (srv *Server) virtualNow() time.Time {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.sim.Now()
}

// unusable is the error every call gets once an internal error left the
// simulation possibly half-updated, or nil.
func (srv *Server) unusable() error {
	p, ok := srv.broken.Load().(string)
	if !ok {
		return nil
	}
	return model.NewError(model.ErrCodeInternalServerError, "The simulation stopped at an internal error (%s) and may be half-updated, so it answers nothing more: restart the server (with --state it replays to the last call before the error).", p)
}

// catchUp runs the simulation to the instant wall time maps to under
// TimeScale (truncated to the millisecond). The caller holds the lock.
func (srv *Server) catchUp() {
	if srv.scale <= 0 {
		return
	}
	elapsed := srv.clock.Since(srv.wallStart)
	if elapsed <= 0 {
		return
	}
	d := float64(elapsed) * srv.scale
	t := maxVirtual
	if limit := float64(maxVirtual.Sub(srv.virtStart)); d < limit {
		t = srv.virtStart.Add(time.Duration(d)).Truncate(time.Millisecond)
	}
	if t.After(srv.sim.Now()) {
		srv.sim.RunUntil(t)
	}
}

// readBody reads at most maxBody bytes of the request body.
func (srv *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	tooLarge := model.NewError(ErrCodeRequestEntityTooLarge, "Request body exceeds the limit of %d bytes.", srv.maxBody)
	tooLarge.HTTPStatus = http.StatusRequestEntityTooLarge
	if r.ContentLength > srv.maxBody {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, srv.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, tooLarge
		}
		return nil, model.NewError(model.ErrCodeSerialization, "Could not read the request body: %v", err)
	}
	return body, nil
}

// asAPIError turns any error into the error document to answer with: an
// *model.APIError as is, anything else a 500 InternalServerError.
func asAPIError(err error) *model.APIError {
	if ae, ok := errors.AsType[*model.APIError](err); ok {
		return ae
	}
	return model.NewError(model.ErrCodeInternalServerError, "%v", err)
}

// writeError answers with an AWS-style error document.
func writeError(w http.ResponseWriter, contentType string, err error) {
	ae := asAPIError(err)
	status := ae.HTTPStatus
	if status == 0 {
		status = http.StatusBadRequest
	}
	body, merr := json.Marshal(ae)
	if merr != nil {
		status, body = http.StatusInternalServerError, []byte(`{"__type":"InternalServerError","message":"could not encode the error"}`)
	}
	writeBody(w, status, contentType, body)
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// decodeError describes a JSON decoding failure as a SerializationException.
func decodeError(err error) *model.APIError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return model.NewError(model.ErrCodeSerialization, "Malformed JSON at byte %d: %v", syn.Offset, err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the request"
		}
		return model.NewError(model.ErrCodeSerialization, "Value at '%s' must be %s, not a JSON %s.", field, jsonKind(typ.Type), typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return model.NewError(model.ErrCodeSerialization, "Malformed JSON: unexpected end of the request body.")
	}
	return model.NewError(model.ErrCodeSerialization, "Could not deserialize the request: %v", err)
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return fmt.Sprintf("a %s", t)
}

// isObject reports whether body's first non-space byte opens a JSON object.
func isObject(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// validation picks the request check Options ask for.
func validation(opts Options) func(string, []byte) error {
	switch {
	case opts.Validate != nil:
		return opts.Validate
	case opts.NoValidation:
		return nil
	}
	return ModelValidation
}

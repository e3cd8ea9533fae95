package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// controlContentType is the media type of control API responses.
const controlContentType = "application/json"

// Control API limits.
const (
	maxNodeCount = 100000
	// What the simulation holds per node and per execution row (measured
	// by the bench workloads), for the limit's message.
	bytesPerNode      = 40
	bytesPerRecord    = 48
	maxTags           = 50
	maxRunSeconds     = 7 * 24 * 3600 // a week
	maxAlarmNameLen   = 255
	defaultRunSeconds = 60
)

// controlRoute is one control endpoint: its method and handler. Handlers
// run under the lock; they decode their own body.
type controlRoute struct {
	method string
	handle func(srv *Server, body []byte) (any, error)
}

var controlRoutes = map[string]controlRoute{
	ControlPrefix + "advance": {http.MethodPost, nil}, // served by serveAdvance, in slices
	ControlPrefix + "clock":   {http.MethodGet, (*Server).clockNow},
	ControlPrefix + "nodes":   {http.MethodPost, (*Server).addNodes},
	ControlPrefix + "alarms":  {http.MethodPost, (*Server).setAlarm},
	// Throttling is no simulation state: never journaled or replayed.
	ControlPrefix + "throttle": {http.MethodPost, (*Server).setThrottle},
	ControlPrefix + "faults":   {http.MethodPost, (*Server).setFaults},
}

// unjournaled are the POST routes that change no simulation state.
var unjournaled = map[string]bool{ControlPrefix + "throttle": true, ControlPrefix + "faults": true}

// serveControl answers a control API request.
func (srv *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	fail := func(err error) { writeError(w, controlContentType, err) }
	route, ok := controlRoutes[r.URL.Path]
	if srv.noControl {
		ok = false
	}
	if !ok {
		e := model.NewError(ErrCodeNotFound, "No control endpoint %s.", r.URL.Path)
		e.HTTPStatus = http.StatusNotFound
		fail(e)
		return
	}
	if r.Method != route.method {
		w.Header().Set("Allow", route.method)
		e := model.NewError(ErrCodeMethodNotAllowed, "Method %s is not allowed on %s; use %s.", r.Method, r.URL.Path, route.method)
		e.HTTPStatus = http.StatusMethodNotAllowed
		fail(e)
		return
	}
	if err := srv.admitControl(r); err != nil {
		fail(err)
		return
	}
	var body []byte
	if route.method == http.MethodPost {
		var err error
		if body, err = srv.readBody(w, r); err != nil {
			fail(err)
			return
		}
	}
	if route.handle == nil {
		srv.serveAdvance(w, r, body)
		return
	}
	out, err := srv.locked(func() ([]byte, error) {
		events, at := srv.sim.Events(), srv.sim.Now()
		v, err := route.handle(srv, body)
		if err != nil {
			return nil, err
		}
		if route.method == http.MethodPost && !unjournaled[r.URL.Path] {
			if err := srv.record(events, at, r.URL.Path, body); err != nil {
				return nil, err
			}
		}
		return json.Marshal(v)
	})
	if err != nil {
		fail(err)
		return
	}
	writeBody(w, http.StatusOK, controlContentType, out)
}

// admitControl keeps the control API out of reach of web pages and, with
// a token, of anyone without it. A page in a browser can send a "simple"
// cross-origin POST (text/plain, no preflight) to a local server; the
// control API therefore takes only application/json (which a browser may
// send cross-origin only after a CORS preflight this server never
// approves) and refuses any request whose Origin is not this server's own
// (browsers always send Origin on cross-origin requests).
func (srv *Server) admitControl(r *http.Request) error {
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
		e := model.NewError(ErrCodeForbidden, "Control requests from origin %s are refused: the control API answers only its own origin and non-browser clients.", origin)
		e.HTTPStatus = http.StatusForbidden
		return e
	}
	if srv.controlToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(srv.controlToken)) != 1 {
			e := model.NewError(ErrCodeUnauthorized, "The control API needs the header Authorization: Bearer <the --control-token value>.")
			e.HTTPStatus = http.StatusUnauthorized
			return e
		}
	}
	if r.Method == http.MethodPost {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			e := model.NewError(ErrCodeUnsupportedMediaType, "Control requests must have Content-Type application/json, not %q.", r.Header.Get("Content-Type"))
			e.HTTPStatus = http.StatusUnsupportedMediaType
			return e
		}
	}
	return nil
}

// AdmitControl applies the control API's protections (Origin, token) to a
// request for a page built on it, such as serve's console; with
// NoControl it refuses every request.
func (srv *Server) AdmitControl(r *http.Request) error {
	if srv.noControl {
		e := model.NewError(ErrCodeNotFound, "No control endpoint %s: the control API is off (--no-control).", r.URL.Path)
		e.HTTPStatus = http.StatusNotFound
		return e
	}
	return srv.admitControl(r)
}

// WriteControlError answers a refused control request as the control API
// answers its own.
func WriteControlError(w http.ResponseWriter, err error) { writeError(w, controlContentType, err) }

// sameOrigin reports whether an Origin header names the host the request
// was sent to (the server's own pages, were it to serve any).
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && strings.EqualFold(u.Host, host)
}

// decodeStrict decodes one JSON object into v, refusing unknown fields and
// trailing data.
func decodeStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return model.NewError(model.ErrCodeSerialization, "The request body is empty: expected a JSON object.")
	}
	if !isObject(body) {
		return model.NewError(model.ErrCodeSerialization, "The request body must be a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return model.NewError(model.ErrCodeSerialization, "Unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return decodeError(err)
	}
	if err := dec.Decode(new(json.RawMessage)); !errors.Is(err, io.EOF) {
		return model.NewError(model.ErrCodeSerialization, "Unexpected data after the JSON object.")
	}
	return nil
}

func invalid(format string, args ...any) error {
	return model.NewError(model.ErrCodeValidation, format, args...)
}

// clockResponse is the answer of advance and clock.
type clockResponse struct {
	Now model.Timestamp `json:"Now"`
}

// clockNow answers GET /_ssmsim/clock.
func (srv *Server) clockNow([]byte) (any, error) {
	return clockResponse{Now: model.TimestampOf(srv.sim.Now())}, nil
}

// nodesRequest is the body of POST /_ssmsim/nodes.
type nodesRequest struct {
	Count    int               `json:"Count"`
	Tags     map[string]string `json:"Tags"`
	Platform string            `json:"Platform"`
	Kind     string            `json:"Kind"`
	Behavior *behaviorRequest  `json:"Behavior"`
}

// behaviorRequest is how the new nodes run associations.
type behaviorRequest struct {
	Outcome            string   `json:"Outcome"`
	FailureProbability *float64 `json:"FailureProbability"`
	DurationSeconds    *float64 `json:"DurationSeconds"`
	PickupSeconds      *float64 `json:"PickupSeconds"` // the delay before the agent picks a run up
}

// nodesResponse lists the new nodes' IDs in node order.
type nodesResponse struct {
	InstanceIds []string `json:"InstanceIds"`
}

// addNodes adds a node group now.
func (srv *Server) addNodes(body []byte) (any, error) {
	var req nodesRequest
	if err := decodeStrict(body, &req); err != nil {
		return nil, err
	}
	g, err := req.group()
	if err != nil {
		return nil, err
	}
	if have := srv.sim.Fleet().Len(); srv.maxNodes > 0 && have+g.Count > srv.maxNodes {
		return nil, model.NewError(ErrCodeLimitExceeded, "The fleet has %d nodes; %d more would pass the limit of %d (serve --max-nodes). A node costs about %d bytes, and each association run on it %d more while its execution is kept.",
			have, g.Count, srv.maxNodes, bytesPerNode, bytesPerRecord)
	}
	first, err := srv.sim.AddNodes(g)
	if err != nil {
		return nil, invalid("%v", err)
	}
	out := nodesResponse{InstanceIds: make([]string, g.Count)}
	for i := range g.Count {
		out.InstanceIds[i] = srv.sim.Fleet().ID(first + i)
	}
	return out, nil
}

// group validates the request and builds the node group.
func (req *nodesRequest) group() (sim.NodeGroup, error) {
	g := sim.NodeGroup{Count: req.Count, Platform: model.PlatformLinux}
	if req.Count < 1 || req.Count > maxNodeCount {
		return g, invalid("Count %d must be between 1 and %d.", req.Count, maxNodeCount)
	}
	if len(req.Tags) > maxTags {
		return g, invalid("Tags has %d entries; at most %d are allowed.", len(req.Tags), maxTags)
	}
	for k, v := range req.Tags {
		if k == "" || len(k) > 128 || len(v) > 256 {
			return g, invalid("Tags %q=%q: keys are 1 to 128 characters, values at most 256.", k, v)
		}
		g.Tags = append(g.Tags, model.Tag{Key: k, Value: v})
	}
	slices.SortFunc(g.Tags, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) })
	if req.Platform != "" {
		g.Platform = model.PlatformType(req.Platform)
		if !slices.Contains(model.PlatformType("").Values(), g.Platform) {
			return g, invalid("Platform %q is not one of Linux, Windows, MacOS.", req.Platform)
		}
	}
	switch req.Kind {
	case "", "ec2":
		g.Kind = sim.KindEC2
	case "managed":
		g.Kind = sim.KindManaged
	default:
		return g, invalid("Kind %q is not one of ec2, managed.", req.Kind)
	}
	b := req.Behavior
	if b == nil {
		b = &behaviorRequest{}
	}
	dur := float64(defaultRunSeconds)
	if b.DurationSeconds != nil {
		dur = *b.DurationSeconds
		if math.IsNaN(dur) || dur < 0 || dur > maxRunSeconds {
			return g, invalid("Behavior.DurationSeconds %v must be between 0 and %d.", dur, maxRunSeconds)
		}
	}
	g.Behavior = sim.Behavior{Name: "http", Duration: sim.Fixed(time.Duration(math.Round(dur*1000)) * time.Millisecond)}
	if b.PickupSeconds != nil {
		p := *b.PickupSeconds
		if math.IsNaN(p) || p < 0 || p > maxRunSeconds {
			return g, invalid("Behavior.PickupSeconds %v must be between 0 and %d.", p, maxRunSeconds)
		}
		g.Behavior.Pickup = sim.Fixed(time.Duration(math.Round(p*1000)) * time.Millisecond)
	}
	if b.FailureProbability != nil {
		p := *b.FailureProbability
		if !(p >= 0 && p <= 1) {
			return g, invalid("Behavior.FailureProbability %v must be between 0 and 1.", p)
		}
		if b.Outcome != "" && b.Outcome != "random" {
			return g, invalid("Behavior.FailureProbability applies only to Outcome random, not %q.", b.Outcome)
		}
		g.Behavior.FailureProbability = p
	}
	switch b.Outcome {
	case "", "random":
	case "succeed":
		g.Override = sim.OverrideAlwaysSucceed
	case "fail":
		g.Override = sim.OverrideAlwaysFail
	case "offline":
		g.Override = sim.OverrideOffline
	case "timeout":
		g.Behavior.TimeoutProbability = 1
	default:
		return g, invalid("Behavior.Outcome %q is not one of succeed, fail, timeout, offline, random.", b.Outcome)
	}
	return g, nil
}

// alarmRequest is the body of POST /_ssmsim/alarms.
type alarmRequest struct {
	Name  string `json:"Name"`
	State string `json:"State"`
}

// setAlarm sets a CloudWatch alarm's state from now on.
func (srv *Server) setAlarm(body []byte) (any, error) {
	var req alarmRequest
	if err := decodeStrict(body, &req); err != nil {
		return nil, err
	}
	if req.Name == "" || len(req.Name) > maxAlarmNameLen {
		return nil, invalid("Name %q must be 1 to %d characters.", req.Name, maxAlarmNameLen)
	}
	st := model.AlarmState(req.State)
	if !slices.Contains(st.Values(), st) {
		return nil, invalid("State %q is not one of OK, ALARM, INSUFFICIENT_DATA.", req.State)
	}
	if err := srv.sim.SetAlarmState(req.Name, st); err != nil {
		return nil, invalid("%v", err)
	}
	return struct{}{}, nil
}

package server

import (
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Accounts and Regions. The real service keeps every account's state in
// every Region apart: an association created in eu-west-1 is not listed
// in us-east-1. A Front serves each (account, Region) from a Server and
// simulation of its own, made on the first call signed for it: the
// Region is the SigV4 credential scope's, the account the one its access
// key maps to (by default every key is one account, so Regions alone
// separate). Calls without credentials go to the default Region. The
// simulations share one virtual clock: an advance moves them all, and a
// new one starts at the instant reached, with its own seed (derived from
// the server's and the scope, so IDs differ between Regions), an empty
// fleet and the first simulation's decisions. The control API acts on the
// default Region unless asked ?region=NAME (and ?account=ID); advances,
// throttles and fault rules apply to every Region.

// DefaultRegion is the Region calls without credentials are served in.
const DefaultRegion = "us-east-1"

// Scope is an (account, Region) pair.
type Scope struct {
	Account, Region string
}

func (s Scope) String() string { return s.Account + "/" + s.Region }

// FrontOptions configures a Front.
type FrontOptions struct {
	// Region is the default Region (DefaultRegion when empty): the first
	// simulation's, and the one for calls without credentials.
	Region string
	// Accounts maps access keys to account IDs; a key not in it is
	// sim.AccountID's account.
	Accounts map[string]string
	// Options are the Servers' options (each scope's Seed is derived
	// from Options.Seed); Journal applies to the default scope only.
	Options Options
	// OneScope refuses calls signed for any other scope.
	OneScope bool
	// Journals, when set, keeps every scope beside the default one: it
	// opens (or creates) a scope's journal and registers the scope, so
	// that Restore can bring it back after a restart (serve --state).
	Journals func(Scope, JournalHeader) (*FileJournal, []JournalEntry, error)
	// MaxScopes bounds the scopes made (0: 64).
	MaxScopes int
}

// Front routes each call to its scope's Server.
type Front struct {
	opts   FrontOptions
	def    Scope
	mu     sync.Mutex
	scopes map[Scope]*Server
	order  []Scope
	faults []FaultRule // the rules in force, for scopes made later
}

// NewFront serves srv as the default scope.
func NewFront(srv *Server, opts FrontOptions) *Front {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.MaxScopes <= 0 {
		opts.MaxScopes = 64
	}
	f := &Front{opts: opts, def: Scope{Account: sim.AccountID, Region: opts.Region}, scopes: map[Scope]*Server{}}
	f.scopes[f.def] = srv
	f.order = []Scope{f.def}
	f.faults = srv.faults.state().Rules // a scenario's, which every Region gets
	return f
}

// Default is the default scope's Server.
func (f *Front) Default() *Server { return f.scopes[f.def] }

// Scopes lists the scopes served so far, in the order they were made.
func (f *Front) Scopes() []Scope {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.order)
}

// scopeOf is the scope a request is for: its credential's, or the control
// API's ?account= and ?region=.
func (f *Front) scopeOf(r *http.Request) Scope {
	key, region := credential(r)
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		key, region = "", r.URL.Query().Get("region")
	}
	s := Scope{Account: sim.AccountID, Region: region}
	if a, ok := f.opts.Accounts[key]; ok {
		s.Account = a
	}
	if q := r.URL.Query().Get("account"); q != "" && strings.HasPrefix(r.URL.Path, ControlPrefix) {
		s.Account = q
	}
	if s.Region == "" {
		s.Region = f.def.Region
	}
	return s
}

var (
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+){1,4}$`)
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
)

// scope returns the scope's Server, making it if needed.
func (f *Front) scope(s Scope) (*Server, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if srv, ok := f.scopes[s]; ok {
		return srv, nil
	}
	if !regionRE.MatchString(s.Region) || !accountRE.MatchString(s.Account) {
		return nil, model.NewError(model.ErrCodeValidation, "Region %q or account %q is not a Region name (such as eu-west-1) or a 12-digit account ID.", clipText(s.Region), clipText(s.Account))
	}
	if f.opts.OneScope {
		return nil, model.NewError(model.ErrCodeValidation, "This server keeps its state (--state) for account %s in %s only; calls for %s are refused.", f.def.Account, f.def.Region, s)
	}
	if len(f.scopes) >= f.opts.MaxScopes {
		return nil, model.NewError(ErrCodeLimitExceeded, "This server serves at most %d account/Region pairs; %s would be one more.", f.opts.MaxScopes, s)
	}
	srv, entries, err := f.make(s)
	if err != nil {
		return nil, err
	}
	if len(entries) > 0 {
		return nil, model.NewError(model.ErrCodeInternalServerError, "The journal of %s holds calls, but %s was not restored: restart the server.", s, s)
	}
	var now time.Time
	f.scopes[f.def].Do(func(d *sim.Sim) { now = d.Now() })
	srv.Do(func(ns *sim.Sim) { ns.RunUntil(now) }) // a new scope starts at the instant reached
	f.scopes[s] = srv
	f.order = append(f.order, s)
	return srv, nil
}

// make builds a scope's Server on a fresh simulation (at the default
// scope's start, with its decisions and a seed of the scope's own), with
// its journal when the Front keeps journals. The caller holds f.mu.
func (f *Front) make(s Scope) (*Server, []JournalEntry, error) {
	var cfg sim.Config
	f.scopes[f.def].Do(func(d *sim.Sim) { cfg = d.Config() })
	cfg.Seed = scopeSeed(f.opts.Options.Seed, s)
	cfg.Observer = nil
	ns, err := sim.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	opts := f.opts.Options
	opts.Seed, opts.Journal = cfg.Seed, nil
	var entries []JournalEntry
	if f.opts.Journals != nil {
		j, es, err := f.opts.Journals(s, JournalHeader{Seed: cfg.Seed, Retention: cfg.Decisions.Retention})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", s, err)
		}
		opts.Journal, entries = j, es
	}
	srv := New(ns, opts)
	if err := srv.SetFaults(f.faults); err != nil {
		return nil, nil, err
	}
	return srv, entries, nil
}

// Restore brings a scope back after a restart, from its journal (and
// snapshot) — serve --state calls it for every scope registered — then
// moves its clock to the default scope's instant if a crash left it
// behind (journaled, as an advance).
func (f *Front) Restore(s Scope) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.scopes[s]; ok {
		return nil
	}
	srv, entries, err := f.make(s)
	if err != nil {
		return err
	}
	if j, ok := srv.journal.(*FileJournal); ok && len(entries) > 0 {
		snap, info, lerr := j.LoadSnapshot(entries, sim.RestoreOptions{})
		if lerr == nil && snap != nil {
			err = srv.ReplayFrom(snap, info, entries)
		} else {
			err = srv.Replay(entries)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	var now, at time.Time
	f.scopes[f.def].Do(func(d *sim.Sim) { now = d.Now() })
	srv.Do(func(ns *sim.Sim) { at = ns.Now() })
	if at.Before(now) {
		until, _ := model.TimestampOf(now).MarshalJSON()
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, ControlPrefix+"advance", strings.NewReader(fmt.Sprintf(`{"Until": %s}`, until)))
		req.Header.Set("Content-Type", "application/json")
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%s: catching up with the default scope: %s", s, rec.Body)
		}
	}
	f.scopes[s] = srv
	f.order = append(f.order, s)
	return nil
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// scopeSeed derives a scope's seed from the server's.
func scopeSeed(seed uint64, s Scope) uint64 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h := uint64(14695981039346656037)
	for _, c := range append(b[:], []byte(s.String())...) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// ServeHTTP routes the request: advances, fault rules and throttle limits
// to every scope, everything else to its own.
func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case ControlPrefix + "advance", ControlPrefix + "faults", ControlPrefix + "throttle":
		if r.Method == http.MethodPost {
			f.broadcast(w, r)
			return
		}
	}
	srv, err := f.scope(f.scopeOf(r))
	if err != nil {
		ct := ContentType
		if strings.HasPrefix(r.URL.Path, ControlPrefix) {
			ct = controlContentType
		}
		writeError(w, ct, err)
		return
	}
	srv.ServeHTTP(w, r)
}

// broadcast applies a control call to the default scope first and, when
// it succeeds, to every other scope, answering the default scope's answer
// (or the first failure).
func (f *Front) broadcast(w http.ResponseWriter, r *http.Request) {
	body, err := f.Default().readBody(w, r)
	if err != nil {
		writeError(w, controlContentType, err)
		return
	}
	rec := httptest.NewRecorder()
	f.Default().ServeHTTP(rec, cloneWithBody(r, body))
	if r.URL.Path == ControlPrefix+"advance" {
		// Every scope to the instant the default one reached, however its
		// advance ended, so the clocks never part.
		var now time.Time
		f.Default().Do(func(s *sim.Sim) { now = s.Now() })
		until, _ := model.TimestampOf(now).MarshalJSON()
		body = fmt.Appendf(nil, `{"Until": %s}`, until)
	}
	if rec.Code == http.StatusOK || r.URL.Path == ControlPrefix+"advance" {
		if r.URL.Path == ControlPrefix+"faults" {
			var req struct{ Rules []FaultRule }
			if decodeStrict(body, &req) == nil {
				f.mu.Lock()
				f.faults = req.Rules
				f.mu.Unlock()
			}
		}
		for _, s := range f.Scopes()[1:] {
			f.mu.Lock()
			srv := f.scopes[s]
			f.mu.Unlock()
			other := httptest.NewRecorder()
			srv.ServeHTTP(other, cloneWithBody(r, body))
			if other.Code != http.StatusOK && rec.Code == http.StatusOK {
				rec = other
			}
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func cloneWithBody(r *http.Request, body []byte) *http.Request {
	c := r.Clone(r.Context())
	c.Body = http.NoBody
	if len(body) > 0 {
		c.Body = nopCloser{strings.NewReader(string(body))}
	}
	c.ContentLength = int64(len(body))
	return c
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

// SnapshotNow writes every scope's snapshot (serve does on shutdown),
// reporting the first failure.
func (f *Front) SnapshotNow() error {
	var first error
	for _, sc := range f.Scopes() {
		f.mu.Lock()
		srv := f.scopes[sc]
		f.mu.Unlock()
		if err := srv.SnapshotNow(); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", sc, err)
		}
	}
	return first
}

// Interrupt stops every scope's advance in progress (SIGTERM).
func (f *Front) Interrupt() {
	for _, s := range f.Scopes() {
		f.mu.Lock()
		srv := f.scopes[s]
		f.mu.Unlock()
		srv.Interrupt()
	}
}

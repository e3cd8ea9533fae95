package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// serveConfig is what `ssmsim serve` was asked for.
type serveConfig struct {
	scenario      string              // built-in scenario name or file, or "" for an empty simulation
	loaded        *scenarios.Scenario // the scenario already read, if it was
	seed          uint64
	seedSet       bool
	timeScale     float64
	controlToken  string // required on control requests when set
	noControl     bool   // serve the AWS API only
	maxMemory     int64  // live-heap limit in bytes (0: the server's default)
	retention     time.Duration
	journal       server.Journal    // records state-changing calls (--state)
	maxNodes      int               // fleet limit (0: the server's default)
	snapshotEvery int64             // events between snapshots (--state; negative: none)
	throttle      *server.Throttle  // --throttle, or nil
	region        string            // --region: the default Region
	accounts      map[string]string // --accounts: access key to account ID
	stateDir      string            // --state DIR, or ""
	logf          func(string, ...any)
}

// load is the configuration's scenario: the one already read, else read
// now.
func (c serveConfig) load() (scenarios.Scenario, error) {
	if c.loaded != nil {
		return *c.loaded, nil
	}
	sc, _, _, err := loadScenario(c.scenario)
	return sc, err
}

// effectiveSeed is the seed a serve configuration runs with: --seed if
// given, else the scenario's own, else 1.
func effectiveSeed(c serveConfig) uint64 {
	if c.scenario != "" && !c.seedSet {
		if sc, err := c.load(); err == nil {
			return sc.Seed
		}
	}
	return c.seed
}

// defaultServeRetention is how long a server keeps finished executions
// (D19) unless told otherwise: a long test session's history stays
// bounded, and a week covers any read a test makes of recent runs.
const defaultServeRetention = 7 * 24 * time.Hour

// HTTP limits of `ssmsim serve`: a slow or idle client cannot hold a
// connection (or a file descriptor) forever, and there are never more
// connections than the process can open files for.
var serveLimits = httpLimits{
	readHeader:     10 * time.Second,
	read:           60 * time.Second,  // a whole request, body included
	idle:           120 * time.Second, // keep-alive between requests
	maxHeaderBytes: 64 << 10,
	maxConns:       512,
}

// httpLimits bounds what one client can hold of the server.
type httpLimits struct {
	readHeader, read, idle time.Duration
	maxHeaderBytes         int
	maxConns               int
}

// httpServer is the HTTP server of `ssmsim serve`, within limits, and the
// listener to serve it on.
func httpServer(ln net.Listener, h http.Handler, l httpLimits) (*http.Server, net.Listener) {
	return &http.Server{Handler: h, ReadHeaderTimeout: l.readHeader, ReadTimeout: l.read,
		IdleTimeout: l.idle, MaxHeaderBytes: l.maxHeaderBytes}, netutil.LimitListener(ln, l.maxConns)
}

// newServer builds the simulation and the handler `ssmsim serve` mounts.
// A scenario's fleet, calendars, alarms and associations are set up at its
// start; its clock then moves only through the control API (or with
// --time-scale).
func newServer(c serveConfig) (*server.Server, uint64, error) {
	var s *sim.Sim
	var faults []server.FaultRule
	seed := c.seed
	if c.scenario != "" {
		sc, err := c.load()
		if err != nil {
			return nil, 0, err
		}
		if !c.seedSet {
			seed = sc.Seed
		}
		if sc.Decisions.Retention == 0 {
			sc.Decisions.Retention = c.retention
		}
		r, err := sc.Build(seed, nil)
		if err != nil {
			return nil, 0, err
		}
		s = r.Sim
		start := s.Config().Start
		for _, f := range sc.Faults {
			rule := server.FaultRule{Operations: f.Operations, Probability: f.Probability, EveryNth: f.EveryNth, Fault: f.Fault,
				LatencyMs: f.LatencyMs, From: float64(start.Add(f.From).UnixMilli()) / 1000}
			if f.Until > 0 {
				rule.Until = float64(start.Add(f.Until).UnixMilli()) / 1000
			}
			faults = append(faults, rule)
		}
	} else {
		var err error
		if s, err = sim.New(sim.Config{Seed: seed, Decisions: sim.Decisions{Retention: c.retention}}); err != nil {
			return nil, 0, err
		}
	}
	if c.timeScale < 0 {
		return nil, 0, fmt.Errorf("--time-scale %v must not be negative", c.timeScale)
	}
	h := server.New(s, c.options(seed))
	if err := h.SetFaults(faults); err != nil {
		return nil, 0, fmt.Errorf("scenario %s: faults: %v", c.scenario, err)
	}
	return h, seed, nil
}

var accountIDRE = regexp.MustCompile(`^[0-9]{12}$`)

// options are the server options of a configuration, seed aside.
func (c serveConfig) options(seed uint64) server.Options {
	return server.Options{Seed: seed, TimeScale: c.timeScale, ControlToken: c.controlToken, NoControl: c.noControl,
		MaxMemoryBytes: c.maxMemory, Journal: c.journal, MaxNodes: c.maxNodes, SnapshotEvery: c.snapshotEvery, Logf: c.logf, Throttle: c.throttle}
}

// front serves every account and Region (server.Front), the default one
// from h; with --state it keeps the default scope only.
func (c serveConfig) front(h *server.Server, seed uint64) *server.Front {
	opts := server.FrontOptions{Region: c.region, Accounts: c.accounts, Options: c.options(seed)}
	if c.stateDir != "" {
		opts.Journals = func(sc server.Scope, h server.JournalHeader) (*server.FileJournal, []server.JournalEntry, error) {
			if err := registerScope(c.stateDir, sc); err != nil {
				return nil, nil, err
			}
			return server.OpenFileJournal(scopeDir(c.stateDir, sc), h)
		}
	}
	return server.NewFront(h, opts)
}

// scopeDir is where --state keeps a scope other than the default one.
func scopeDir(stateDir string, sc server.Scope) string {
	return filepath.Join(stateDir, "scopes", sc.Account+"-"+sc.Region)
}

// registerScope records, once and durably, that a scope exists, so that a
// restart restores it (DIR/scopes.jsonl, one scope per line).
func registerScope(stateDir string, sc server.Scope) error {
	known, err := registeredScopes(stateDir)
	if err != nil || slices.Contains(known, sc) {
		return err
	}
	f, err := os.OpenFile(filepath.Join(stateDir, "scopes.jsonl"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	line, _ := json.Marshal(map[string]string{"account": sc.Account, "region": sc.Region})
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// registeredScopes reads DIR/scopes.jsonl (a last line cut short by a
// crash is dropped: its scope answered nothing yet).
func registeredScopes(stateDir string) ([]server.Scope, error) {
	b, err := os.ReadFile(filepath.Join(stateDir, "scopes.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []server.Scope
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasSuffix(line, "\n") {
			break
		}
		var m map[string]string
		if json.Unmarshal([]byte(line), &m) != nil || m["region"] == "" {
			return nil, fmt.Errorf("%s: not a list of scopes", filepath.Join(stateDir, "scopes.jsonl"))
		}
		sc := server.Scope{Account: m["account"], Region: m["region"]}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// exposureWarning says what binding beyond loopback exposes, or "".
func exposureWarning(addr net.Addr, token, noControl bool) string {
	ta, ok := addr.(*net.TCPAddr)
	if !ok || ta.IP.IsLoopback() {
		return ""
	}
	switch {
	case noControl:
		return fmt.Sprintf("listening on %s, beyond loopback: anyone who can reach it can create, change and delete associations through the AWS API (it accepts any credentials).", addr)
	case token:
		return fmt.Sprintf("listening on %s, beyond loopback: the AWS API accepts any credentials from anyone who can reach it; the control API needs the token.", addr)
	}
	return fmt.Sprintf("listening on %s, beyond loopback: anyone who can reach it can drive the simulation — advance its clock, add nodes, set alarms — and use the AWS API with any credentials. Use --control-token or --no-control, or bind to 127.0.0.1.", addr)
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim serve [options]\n\nServes the SSM API (AWS JSON 1.1) over a simulation whose clock moves only\nthrough the control API (POST /_ssmsim/advance), or with --time-scale.\nA browser shows it at http://ADDRESS/_ssmsim/ui (the live console).\n\nOptions:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nExamples:\n  ssmsim serve\n  ssmsim serve --addr 127.0.0.1:9000 --scenario weekend-freeze --seed 7")
	}
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (loopback unless told otherwise)")
	scenario := fs.String("scenario", "", "start from this built-in scenario or scenario `FILE` (default: an empty fleet)")
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's own, else 1)")
	scale := fs.Float64("time-scale", 0, "virtual seconds per wall second (0: the clock moves only when told)")
	token := fs.String("control-token", "", "require `TOKEN` on control API requests (Authorization: Bearer TOKEN)")
	noControl := fs.Bool("no-control", false, "serve the AWS API only: no control API (the clock then moves only with --time-scale)")
	stateDir := fs.String("state", "", "keep the server's state in `DIR` across restarts: every state-changing call is journaled (synced before it is answered) and replayed on start")
	snapshotEvery := fs.Int64("snapshot-every", server.DefaultSnapshotEvery, "with --state, snapshot the simulation every `N` events handled and on shutdown, so a restart replays only the journal after the snapshot (0: never)")
	region := fs.String("region", server.DefaultRegion, "the default `REGION`: the scenario's, and that of calls without SigV4 credentials; calls signed for other Regions get simulations of their own (with --state, each kept under DIR/scopes)")
	accountsFile := fs.String("accounts", "", "a JSON `FILE` mapping access keys to 12-digit account IDs: each account's state is kept apart (default: every key is account 123456789012)")
	throttle := fs.String("throttle", "", "answer calls over their operation's rate with ThrottlingException, as the real service does: `default` (10 calls/s, bursts of 20, per operation, account and Region) or a JSON FILE of operation names (or *) to {\"Rate\": …, \"Burst\": …}; POST /_ssmsim/throttle changes it at run time")
	maxNodes := fs.Int("max-nodes", server.DefaultMaxNodes, "refuse to grow the fleet past `N` nodes through the control API")
	retention := fs.Duration("retention", defaultServeRetention, "forget executions finished longer ago than this (D19; 0 keeps everything; a scenario's own setting wins)")
	maxMemoryMB := fs.Int64("max-memory", server.DefaultMaxMemoryBytes>>20, "refuse or stop advances that would hold more than `MB` megabytes of simulation")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ssmsim serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *retention < 0 {
		fmt.Fprintf(stderr, "ssmsim serve: --retention %v must not be negative\n", *retention)
		return exitUsage
	}
	if *maxNodes <= 0 {
		fmt.Fprintf(stderr, "ssmsim serve: --max-nodes %d must be positive\n", *maxNodes)
		return exitUsage
	}
	if *snapshotEvery < 0 {
		fmt.Fprintf(stderr, "ssmsim serve: --snapshot-every %d must not be negative\n", *snapshotEvery)
		return exitUsage
	}
	if *snapshotEvery == 0 {
		*snapshotEvery = -1 // the server's "none"
	}
	if *maxMemoryMB <= 0 {
		fmt.Fprintf(stderr, "ssmsim serve: --max-memory %d must be positive\n", *maxMemoryMB)
		return exitUsage
	}
	if !isSet(fs, "seed") {
		*seed = 1
	}
	var scenarioHash string
	var loaded *scenarios.Scenario
	if *scenario != "" {
		sc, _, data, err := loadScenario(*scenario) // a built-in name or a file, as run takes
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim serve: %v\n", err)
			return exitUsage
		}
		sum := sha256.Sum256(data)
		scenarioHash = hex.EncodeToString(sum[:])
		loaded = &sc
	}
	if _, port, err := net.SplitHostPort(*addr); err != nil || !validPort(port) {
		fmt.Fprintf(stderr, "ssmsim serve: --addr %q is not HOST:PORT\n", *addr)
		return exitUsage
	}
	var accounts map[string]string
	if *accountsFile != "" {
		data, err := scenarios.ReadFile(*accountsFile)
		if err == nil {
			err = json.Unmarshal(data, &accounts)
		}
		for key, id := range accounts {
			if err == nil && !accountIDRE.MatchString(id) {
				err = fmt.Errorf("%s: account ID %q of key %s is not 12 digits", *accountsFile, id, key)
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim serve: --accounts: %v\n", err)
			return exitUsage
		}
	}
	var throttleOpt *server.Throttle
	if *throttle != "" {
		limits, err := server.LoadLimits(*throttle, scenarios.ReadFile)
		if err == nil {
			throttleOpt, err = server.NewThrottle(limits, nil)
		}
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim serve: --throttle: %v\n", err)
			return exitUsage
		}
	}
	cfg := serveConfig{scenario: *scenario, loaded: loaded, seed: *seed, seedSet: isSet(fs, "seed"), timeScale: *scale,
		controlToken: *token, noControl: *noControl, maxMemory: *maxMemoryMB << 20, retention: *retention, maxNodes: *maxNodes,
		snapshotEvery: *snapshotEvery, throttle: throttleOpt, region: *region, accounts: accounts, stateDir: *stateDir, logf: func(format string, args ...any) { fmt.Fprintf(stderr, "ssmsim serve: "+format+"\n", args...) }}
	var entries []server.JournalEntry
	var journal *server.FileJournal
	if *stateDir != "" {
		j, es, err := server.OpenFileJournal(*stateDir, server.JournalHeader{Seed: effectiveSeed(cfg), Scenario: cfg.scenario, ScenarioSHA256: scenarioHash, Retention: cfg.retention})
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim serve: --state: %v\n", err)
			return exitUsage
		}
		defer j.Close()
		cfg.journal, entries, journal = j, es, j
	}
	h, s, err := newServer(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim serve: %v\n", err)
		return exitUsage
	}
	if len(entries) > 0 {
		if code := restoreState(h, journal, entries, *stateDir, stderr); code != exitOK {
			return code
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim serve: %v\n", err)
		return exitFailure
	}
	// The garbage collector works harder rather than let the process grow
	// far past the simulation's limit (Go's default headroom is 2x).
	debug.SetMemoryLimit(*maxMemoryMB << 20 * 7 / 4)
	front := cfg.front(h, s)
	if cfg.stateDir != "" {
		scopes, err := registeredScopes(cfg.stateDir)
		for _, sc := range scopes {
			if err == nil {
				err = front.Restore(sc)
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim serve: --state: %v\n", err)
			return exitFailure
		}
		if len(scopes) > 0 {
			fmt.Fprintf(stderr, "ssmsim serve: restored %d more account/Region pair(s) from %s\n", len(scopes), cfg.stateDir)
		}
	}
	// Said once every Region is restored: clients (and tests) wait for it.
	var now time.Time
	h.Do(func(s *sim.Sim) { now = s.Now() })
	fmt.Fprintf(stderr, "ssmsim serve: listening on http://%s (seed %d, virtual clock %s)\n", ln.Addr(), s, now.Format(time.RFC3339))
	if w := exposureWarning(ln.Addr(), *token != "", *noControl); w != "" {
		fmt.Fprintln(stderr, "ssmsim serve: warning: "+w)
	}
	hs, ln := httpServer(ln, console{srv: h, next: front, scenario: cfg.scenario, seed: s}, serveLimits)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "ssmsim serve: %v\n", err)
		return exitFailure
	case <-ctx.Done():
	}
	front.Interrupt() // advances in progress answer with the instant they reached
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "ssmsim serve: shutdown: %v\n", err)
		return exitFailure
	}
	if journal != nil && *snapshotEvery > 0 {
		if err := front.SnapshotNow(); err != nil { // every Region
			fmt.Fprintf(stderr, "ssmsim serve: snapshot on shutdown: %v (the journal has every call)\n", err)
		}
	}
	fmt.Fprintln(stderr, "ssmsim serve: stopped")
	return exitOK
}

// restoreState brings a server to the state its --state directory holds:
// from the snapshot and the journal after it, or, when there is no usable
// snapshot, from the whole journal.
func restoreState(h *server.Server, j *server.FileJournal, entries []server.JournalEntry, dir string, stderr io.Writer) int {
	t0 := time.Now()
	snap, info, err := j.LoadSnapshot(entries, sim.RestoreOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim serve: --state: snapshot set aside, replaying the whole journal: %v\n", err)
		snap = nil
	}
	from := 0
	if snap != nil {
		err, from = h.ReplayFrom(snap, info, entries), info.Entries
	} else {
		err = h.Replay(entries)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim serve: --state: %v\n", err)
		return exitFailure
	}
	calls, replayed := 0, 0
	for i, e := range entries {
		if e.Op != server.JournalRestart {
			calls++
			if i >= from {
				replayed++
			}
		}
	}
	how := "replaying the journal"
	if snap != nil {
		how = fmt.Sprintf("from a snapshot and %d calls after it", replayed)
	}
	fmt.Fprintf(stderr, "ssmsim serve: restored %d calls from %s in %v (%s)\n", calls, dir, time.Since(t0).Round(time.Millisecond), how)
	return exitOK
}

// validPort reports whether a listen address's port is a number from 0
// (any free port) to 65535, or a service name net.Listen resolves.
func validPort(p string) bool {
	if n, err := strconv.Atoi(p); err == nil {
		return n >= 0 && n <= 65535
	}
	_, err := net.LookupPort("tcp", p)
	return err == nil
}

package sim

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/schedule"
)

var (
	seedsFlag = flag.Int("seeds", 200, "number of seeds the property tests try")
	seedFlag  = flag.Uint64("seed", 0, "run the property tests for this one seed only")
)

// propertySeeds yields the seeds to try: -seed N alone, or 1..-seeds.
func propertySeeds() []uint64 {
	if *seedFlag != 0 {
		return []uint64{*seedFlag}
	}
	out := make([]uint64, *seedsFlag)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

// propertySeedsUpTo is the first n of propertySeeds, for properties whose
// seeds cost more than most.
func propertySeedsUpTo(n int) []uint64 {
	seeds := propertySeeds()
	return seeds[:min(n, len(seeds))]
}

func failSeed(t *testing.T, name string, seed uint64, format string, args ...any) {
	t.Helper()
	t.Fatalf("seed=%d: %s\nrerun: go test ./sim -run '^%s$' -seed=%d", seed, fmt.Sprintf(format, args...), name, seed)
}

// randomScenario builds a simulation whose shape is drawn from the seed:
// fleet size, behaviour mix, and one to three associations with random rate
// controls.
func randomScenario(seed uint64, obs Observer) *Sim {
	r := rand.New(rand.NewPCG(seed, 0xfeed))
	d := Decisions{}
	if r.IntN(4) == 0 {
		d.DefaultMaxConcurrency = "50"
	}
	s, err := New(Config{Seed: seed, Decisions: d, Observer: obs})
	if err != nil {
		panic(err)
	}
	dists := []Dist{Fixed(time.Minute), Uniform(time.Second, 5*time.Minute), Exponential(time.Minute), LogNormal(time.Minute, 0.7), Fixed(0)}
	for g := 0; g < 1+r.IntN(3); g++ {
		fail := r.Float64() * 0.5
		b := Behavior{Duration: dists[r.IntN(len(dists))], FailureProbability: fail, TimeoutProbability: r.Float64() * (1 - fail) * 0.3, Timeout: time.Duration(1+r.IntN(30)) * time.Minute}
		if r.IntN(3) == 0 {
			b.Pickup = dists[r.IntN(len(dists))] // targets Pending for a while, holding their slot
		}
		o := Override(0)
		if r.IntN(5) == 0 {
			o = Override(r.IntN(4))
		}
		tags := []model.Tag{{Key: "group", Value: strconv.Itoa(g)}}
		if _, err := s.AddNodes(NodeGroup{Count: r.IntN(150), Kind: IDKind(r.IntN(2)), Tags: tags, Behavior: b, Override: o}); err != nil {
			panic(err)
		}
	}
	rate := func(allowZero bool) string {
		switch r.IntN(4) {
		case 0:
			return ""
		case 1:
			return strconv.Itoa(r.IntN(20) + map[bool]int{true: 0, false: 1}[allowZero])
		}
		return strconv.Itoa(r.IntN(100)+map[bool]int{true: 0, false: 1}[allowZero]) + "%"
	}
	// A living fleet: joins, terminations, offline spells and retags.
	for range r.IntN(5) {
		at := DefaultStart().Add(time.Duration(r.IntN(1200)) * time.Second)
		var err error
		switch n := s.Fleet().Len(); {
		case r.IntN(2) == 0 || n == 0:
			_, err = s.AddNodesAt(at, NodeGroup{Count: 1 + r.IntN(20), Tags: []model.Tag{{Key: "group", Value: strconv.Itoa(r.IntN(3))}}, Behavior: Behavior{Duration: dists[r.IntN(len(dists))], FailureProbability: r.Float64() * 0.3}})
		default:
			nodes := []int{r.IntN(n), r.IntN(n), r.IntN(n)}
			switch r.IntN(4) {
			case 0:
				err = s.TerminateNodesAt(at, nodes)
			case 1:
				err = s.SetNodesOnlineAt(at, nodes, false)
			case 2:
				err = s.SetNodesOnlineAt(at, nodes, true)
			default:
				err = s.SetNodeTagsAt(at, nodes, []model.Tag{{Key: "group", Value: strconv.Itoa(r.IntN(3))}})
			}
		}
		if err != nil {
			panic(err)
		}
	}
	if err := s.AddCalendar("freeze", []byte(randomCalendar(seed))); err != nil {
		panic(err)
	}
	alarmed, pollFails := gateTimeline(seed)
	if err := s.SetAlarmState("gate", model.AlarmStateOK); err != nil {
		panic(err)
	}
	for _, w := range alarmed {
		if err := s.ScheduleAlarmState(w.from, "gate", model.AlarmStateAlarm); err != nil {
			panic(err)
		}
		if err := s.ScheduleAlarmState(w.to, "gate", model.AlarmStateOK); err != nil {
			panic(err)
		}
	}
	for _, w := range pollFails {
		if err := s.ScheduleAlarmPollFailure("gate", w.from, w.to); err != nil {
			panic(err)
		}
	}
	for range 1 + r.IntN(3) {
		targets := []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}
		if r.IntN(2) == 0 {
			targets = []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(r.IntN(3))}}}
		}
		in := model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: targets, MaxConcurrency: rate(false), MaxErrors: rate(true)}
		switch r.IntN(4) {
		case 0:
			in.ScheduleExpression = "rate(" + strconv.Itoa(30+r.IntN(90)) + " minutes)"
		case 1:
			in.ScheduleExpression = []string{"cron(0 */2 * * ? *)", "cron(30 1 ? * MON-FRI *)", "cron(0 0 ? * THU#2 *)", "cron(15 3 L * ? *)"}[r.IntN(4)]
			in.ApplyOnlyAtCronInterval = r.IntN(2) == 0
			if in.ApplyOnlyAtCronInterval && r.IntN(2) == 0 {
				in.ScheduleOffset = int32(1 + r.IntN(6))
			}
			if in.ApplyOnlyAtCronInterval && r.IntN(2) == 0 {
				in.Duration = int32(1 + r.IntN(3))
			}
		}
		var ac *model.AlarmConfiguration
		if r.IntN(2) == 0 {
			ac = &model.AlarmConfiguration{IgnorePollAlarmFailure: r.IntN(2) == 0, Alarms: []model.Alarm{{Name: "gate"}}}
		}
		in.AlarmConfiguration = ac
		if r.IntN(3) == 0 {
			in.CalendarNames = []string{"freeze"}
		}
		if _, err := s.CreateAssociation(in); err != nil {
			panic(err)
		}
	}
	return s
}

type window struct{ from, to time.Time }

// randomCalendar is a DEFAULT_OPEN calendar closed for a few hours every
// day or every other day, from a random hour.
func randomCalendar(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 0xca1e))
	from := DefaultStart().Add(time.Duration(r.IntN(24*60)) * time.Minute)
	return fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:%s\r\nDTEND:%s\r\nRRULE:FREQ=DAILY;INTERVAL=%d\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		from.Format("20060102T150405Z"), from.Add(time.Duration(1+r.IntN(6*60))*time.Minute).Format("20060102T150405Z"), 1+r.IntN(2))
}

// gateTimeline draws, for a seed, the intervals during which the "gate"
// alarm is in ALARM (OK otherwise) and those during which polling it fails.
func gateTimeline(seed uint64) (alarmed, pollFails []window) {
	r := rand.New(rand.NewPCG(seed, 0xa1a4))
	t := DefaultStart()
	for range r.IntN(4) {
		from := t.Add(time.Duration(r.IntN(900)) * time.Second)
		to := from.Add(time.Duration(1+r.IntN(600)) * time.Second)
		alarmed = append(alarmed, window{from, to})
		t = to
	}
	if r.IntN(4) == 0 {
		from := DefaultStart().Add(time.Duration(r.IntN(600)) * time.Second)
		pollFails = append(pollFails, window{from, from.Add(time.Duration(1+r.IntN(600)) * time.Second)})
	}
	return alarmed, pollFails
}

// startsAt reports whether a window opens exactly at at.
func startsAt(ws []window, at time.Time) bool {
	for _, w := range ws {
		if at.Equal(w.from) {
			return true
		}
	}
	return false
}

func inWindow(ws []window, at time.Time) bool {
	for _, w := range ws {
		if !at.Before(w.from) && at.Before(w.to) {
			return true
		}
	}
	return false
}

type execCheck struct {
	halted     bool
	dispatched map[int]int // node -> dispatches
	finished   map[int]int // node -> terminal statuses
}

func TestProperty_RateControlInvariants(t *testing.T) {
	for _, seed := range propertySeeds() {
		checks := map[int]*execCheck{}
		gated := map[int]*model.AlarmConfiguration{} // executions' alarm configurations
		calendars := map[int][]string{}              // executions' change calendars
		alarmed, pollFails := gateTimeline(seed)
		var current *Sim
		var violation string
		obs := func(tr Trace) {
			if violation != "" {
				return
			}
			c := checks[tr.Execution]
			if c == nil {
				c = &execCheck{dispatched: map[int]int{}, finished: map[int]int{}}
				checks[tr.Execution] = c
			}
			switch tr.Kind {
			case TraceExecutionStarted:
				ex := current.execs[tr.Execution]
				gated[tr.Execution] = ex.alarm
				calendars[tr.Execution] = ex.gate.names
			case TraceDispatched:
				// D8: nothing is dispatched while any of its calendars is closed.
				if names := calendars[tr.Execution]; len(names) > 0 {
					if state, _, _, _ := current.CalendarState(names, tr.At); state != "OPEN" {
						violation = fmt.Sprintf("execution %d: node %d dispatched at %s while calendar %v was %s", tr.Execution, tr.Node, tr.At, names, state)
					}
				}
				// D9: nothing is dispatched while the alarm is in ALARM, or
				// while it cannot be polled unless IgnorePollAlarmFailure.
				if cfg := gated[tr.Execution]; cfg != nil {
					failing := inWindow(pollFails, tr.At)
					alarm := inWindow(alarmed, tr.At)
					if tr.OutsideBudget && startsAt(alarmed, tr.At) {
						// A joiner is dispatched by its fleet event, a control
						// action like the alarm's change: at one instant they
						// apply in scheduling order, and the joins were
						// scheduled first, so they saw the gate still open.
						alarm = false
					}
					if (!failing && alarm) || (failing && !cfg.IgnorePollAlarmFailure) {
						violation = fmt.Sprintf("execution %d: node %d dispatched at %s while its alarm gate was closed", tr.Execution, tr.Node, tr.At)
					}
				}
				if !tr.OutsideBudget && tr.InFlight > tr.Concurrency {
					violation = fmt.Sprintf("execution %d: %d in flight > MaxConcurrency %d", tr.Execution, tr.InFlight, tr.Concurrency)
				}
				if c.halted || tr.Errors > tr.Threshold {
					violation = fmt.Sprintf("execution %d: node %d dispatched after the error threshold %d was crossed", tr.Execution, tr.Node, tr.Threshold)
				}
				c.dispatched[tr.Node]++
			case TraceFinished:
				if !tr.Status.Terminal() {
					violation = fmt.Sprintf("execution %d: node %d finished in non-terminal %s", tr.Execution, tr.Node, tr.Status)
				}
				c.finished[tr.Node]++
			case TraceHalted:
				if tr.Stop == StopMaxErrors && tr.Errors != tr.Threshold+1 {
					violation = fmt.Sprintf("execution %d: halted at %d errors, threshold %d", tr.Execution, tr.Errors, tr.Threshold)
				}
				c.halted = true
			}
		}
		s := randomScenario(seed, obs)
		current = s
		s.RunUntil(propertyHorizon)
		if violation != "" {
			failSeed(t, "TestProperty_RateControlInvariants", seed, "%s", violation)
		}
		for _, ex := range s.Executions() {
			c := checks[ex.Index]
			for node, n := range c.dispatched {
				if n != 1 || c.finished[node] > 1 || (ex.Done && c.finished[node] != 1) {
					failSeed(t, "TestProperty_RateControlInvariants", seed, "execution %d: node %d dispatched %d times, finished %d times", ex.Index, node, n, c.finished[node])
				}
			}
			if ex.Trigger == "schedule" {
				checkOffsetOccurrence(t, s, seed, ex)
			}
			if !ex.Done {
				continue // still running at the horizon
			}
			if len(c.finished) != len(c.dispatched) || ex.Counts.InProgress != 0 {
				failSeed(t, "TestProperty_RateControlInvariants", seed, "execution %d: not every dispatched target ended exactly once", ex.Index)
			}
			out, err := s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: ex.AssociationID,
				Filters: []model.AssociationExecutionFilter{{Key: "ExecutionId", Value: ex.ExecutionID, Type: "EQUAL"}}})
			if err != nil || len(out.AssociationExecutions) != 1 {
				failSeed(t, "TestProperty_RateControlInvariants", seed, "execution %d: lookup: %v", ex.Index, err)
			}
			if sum := sumResourceCount(out.AssociationExecutions[0].ResourceCountByStatus); sum != ex.Dispatched {
				failSeed(t, "TestProperty_RateControlInvariants", seed, "execution %d: ResourceCountByStatus %q sums to %d, dispatched %d",
					ex.Index, out.AssociationExecutions[0].ResourceCountByStatus, sum, ex.Dispatched)
			}
			if ex.Stop == StopNone && ex.Dispatched-ex.Joined != ex.Targets {
				failSeed(t, "TestProperty_RateControlInvariants", seed, "execution %d: not stopped, yet %d of %d dispatched", ex.Index, ex.Dispatched, ex.Targets)
			}
		}
	}
}

// checkOffsetOccurrence: a scheduled cron run starts exactly ScheduleOffset
// days after an occurrence of its expression, never before it.
func checkOffsetOccurrence(t *testing.T, s *Sim, seed uint64, ex ExecutionResult) {
	t.Helper()
	d, err := s.DescribeAssociation(model.DescribeAssociationInput{AssociationID: ex.AssociationID})
	if err != nil {
		failSeed(t, "TestProperty_RateControlInvariants", seed, "%v", err)
	}
	ad := d.AssociationDescription
	if !strings.HasPrefix(ad.ScheduleExpression, "cron(") {
		return
	}
	sched, err := schedule.Parse(ad.ScheduleExpression)
	if err != nil {
		failSeed(t, "TestProperty_RateControlInvariants", seed, "%v", err)
	}
	base := ex.Created.AddDate(0, 0, -int(ad.ScheduleOffset))
	if next, ok := sched.Next(base.Add(-time.Millisecond)); !ok || !next.Equal(base) {
		failSeed(t, "TestProperty_RateControlInvariants", seed, "execution %d started %s, which is not %d days after an occurrence of %s",
			ex.Index, ex.Created, ad.ScheduleOffset, ad.ScheduleExpression)
	}
}

// propertyHorizon is how far the property scenarios are simulated.
var propertyHorizon = DefaultStart().Add(3 * 24 * time.Hour)

// sumResourceCount adds up the counts of a "{A=1, B=2}" string.
func sumResourceCount(s string) int {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	sum := 0
	if s == "" {
		return 0
	}
	for _, kv := range strings.Split(s, ", ") {
		_, v, _ := strings.Cut(kv, "=")
		n, _ := strconv.Atoi(v)
		sum += n
	}
	return sum
}

// allDocuments renders every document of a finished simulation.
func allDocuments(s *Sim) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	must := func(v any, err error) {
		if err != nil {
			panic(err)
		}
		_ = enc.Encode(v)
	}
	must(s.ListAssociations(model.ListAssociationsInput{}))
	for _, id := range s.AssociationIDs() {
		must(s.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id}))
		ex, err := s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id})
		must(ex, err)
		for _, e := range ex.AssociationExecutions {
			must(s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID}))
		}
	}
	for n := 0; n < s.Fleet().Len(); n++ {
		must(s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: s.Fleet().ID(n)}))
	}
	return buf.Bytes()
}

func TestProperty_SameSeedSameBytes(t *testing.T) {
	seeds := propertySeedsUpTo(40)
	for _, seed := range seeds {
		a := randomScenario(seed, nil)
		a.RunUntil(propertyHorizon)
		first := allDocuments(a)

		prev := runtime.GOMAXPROCS(1)
		b := randomScenario(seed, nil)
		b.RunUntil(propertyHorizon)
		second := allDocuments(b)
		runtime.GOMAXPROCS(prev)

		if !bytes.Equal(first, second) {
			failSeed(t, "TestProperty_SameSeedSameBytes", seed, "documents differ between two runs (GOMAXPROCS %d vs 1)", prev)
		}
	}
	// And a different seed gives different documents.
	a, b := randomScenario(1, nil), randomScenario(2, nil)
	a.RunUntil(propertyHorizon)
	b.RunUntil(propertyHorizon)
	if bytes.Equal(allDocuments(a), allDocuments(b)) {
		t.Fatal("seeds 1 and 2 produced identical documents")
	}
}

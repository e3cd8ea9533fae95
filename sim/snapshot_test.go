package sim

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/require"
)

// snapshotRoundTrip writes s's snapshot and reads it back.
func snapshotRoundTrip(t *testing.T, s *Sim, obs Observer) (*Sim, []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, s.WriteSnapshot(&buf))
	snap := bytes.Clone(buf.Bytes())
	r, err := ReadSnapshot(&buf, RestoreOptions{Observer: obs})
	require.NoError(t, err)
	return r, snap
}

// midSessionOps changes a simulation the way a client of serve would,
// drawn from r: new and updated associations, deletions, manual starts,
// compliance, tags, documents, fleet changes. Both simulations of a test
// get the same calls.
func midSessionOps(s *Sim, r *rand.Rand, round int) {
	ids := s.AssociationIDs()
	pick := func() string { return ids[r.IntN(len(ids))] }
	for k := range 1 + r.IntN(4) {
		var err error
		switch op := r.IntN(10); {
		case op == 0 || len(ids) == 0:
			_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
				Targets: []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(r.IntN(3))}}}, ScheduleExpression: "rate(45 minutes)",
				MaxConcurrency: "20%", MaxErrors: strconv.Itoa(r.IntN(5)), Tags: []model.Tag{{Key: "round", Value: strconv.Itoa(round)}}})
		case op == 1:
			_, err = s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: pick(), MaxConcurrency: strconv.Itoa(1 + r.IntN(9)), ScheduleExpression: "cron(0 */3 * * ? *)"})
		case op == 2:
			_, err = s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: pick()})
		case op == 3:
			_, err = s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{pick()}})
		case op == 4 && s.Fleet().Len() > 0:
			_, err = s.PutComplianceItems(model.PutComplianceItemsInput{ResourceID: s.Fleet().ID(r.IntN(s.Fleet().Len())), ResourceType: "ManagedInstance",
				ComplianceType: "Custom:Patch", ExecutionSummary: model.ComplianceExecutionSummary{ExecutionTime: model.TimestampOf(s.Now())},
				Items: []model.ComplianceItemEntry{{ID: "p" + strconv.Itoa(k), Severity: "HIGH", Status: "COMPLIANT"}}})
		case op == 5:
			_, err = s.AddTagsToResource(model.AddTagsToResourceInput{ResourceType: "Association", ResourceID: pick(), Tags: []model.Tag{{Key: "k" + strconv.Itoa(k), Value: "v"}}})
		case op == 6:
			name := fmt.Sprintf("Doc-%d-%d", round, k)
			if _, err = s.CreateDocument(model.CreateDocumentInput{Name: name, Content: `{"schemaVersion":"2.2","description":"d","mainSteps":[{"action":"aws:runShellScript","name":"run","inputs":{"runCommand":["true"]}}]}`}); err == nil {
				_, err = s.CreateAssociation(model.CreateAssociationInput{Name: name, Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}, MaxConcurrency: "3"})
			}
		case op == 7:
			_, err = s.AddNodes(NodeGroup{Count: 1 + r.IntN(5), Tags: []model.Tag{{Key: "group", Value: strconv.Itoa(r.IntN(3))}}, Behavior: Behavior{Duration: Uniform(time.Second, time.Minute), FailureProbability: 0.2}})
		case op == 8:
			err = s.SetAlarmState("gate", []model.AlarmState{model.AlarmStateOK, model.AlarmStateAlarm}[r.IntN(2)])
		case op == 9 && s.Fleet().Len() > 0:
			n := s.Fleet().Len()
			nodes := []int{r.IntN(n), r.IntN(n)}
			switch r.IntN(4) {
			case 0:
				err = s.SetNodesOnlineAt(s.Now(), nodes, r.IntN(2) == 0)
			case 1:
				err = s.SetNodeTagsAt(s.Now(), nodes, []model.Tag{{Key: "group", Value: strconv.Itoa(r.IntN(3))}})
			case 2:
				err = s.Fleet().SetOverride(nodes[0], Override(r.IntN(4)))
			default:
				err = s.TerminateNodesAt(s.Now(), nodes[:1])
			}
		}
		var api *model.APIError
		if err != nil && !errors.As(err, &api) {
			panic(err) // a refusal is part of the session; anything else is a bug
		}
	}
}

// A simulation restored from a snapshot goes on exactly as the original:
// the same traces, the same documents and, at the end, the same snapshot,
// byte for byte — whatever point it was taken at, and with the same calls
// made to both afterwards.
func TestSnapshot_RestoredSimulationGoesOnExactly(t *testing.T) {
	seeds := propertySeedsUpTo(60)
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 0x5a))
		var ta, tb []Trace
		a := randomScenario(seed, func(tr Trace) { ta = append(ta, tr) })
		if seed%3 == 0 {
			a.cfg.Decisions.Retention = time.Duration(1+r.IntN(6)) * time.Hour
		}
		cut := DefaultStart().Add(time.Duration(r.IntN(36*3600)) * time.Second)
		a.RunUntil(cut)
		midSessionOps(a, rand.New(rand.NewPCG(seed, 1)), 1)
		a.RunSome(cut.Add(time.Hour), 1+r.IntN(500)) // also mid-instant, between two events of one time
		b, _ := snapshotRoundTrip(t, a, func(tr Trace) { tb = append(tb, tr) })
		ta = ta[:0]
		for _, s := range []*Sim{a, b} {
			s.RunUntil(cut.Add(5 * time.Hour))
			midSessionOps(s, rand.New(rand.NewPCG(seed, 2)), 2)
			s.RunUntil(propertyHorizon)
		}
		if len(ta) != len(tb) || (len(ta) > 0 && !reflect.DeepEqual(ta, tb)) {
			failSeed(t, "TestSnapshot_RestoredSimulationGoesOnExactly", seed, "traces differ after restoring: %d vs %d", len(ta), len(tb))
		}
		if da, db := allDocuments(a), allDocuments(b); !bytes.Equal(da, db) {
			failSeed(t, "TestSnapshot_RestoredSimulationGoesOnExactly", seed, "documents differ after restoring:\n%s", firstDiff(da, db))
		}
		for _, as := range a.assocs { // deleted ones too: both must refuse them alike
			if as == tombstone {
				continue
			}
			in := model.DescribeAssociationInput{AssociationID: as.id}
			oa, ea := a.DescribeAssociation(in)
			ob, eb := b.DescribeAssociation(in)
			if fmt.Sprint(ea) != fmt.Sprint(eb) || !reflect.DeepEqual(oa, ob) {
				failSeed(t, "TestSnapshot_RestoredSimulationGoesOnExactly", seed, "DescribeAssociation %s: %v vs %v", as.id, ea, eb)
			}
		}
		var sa, sb bytes.Buffer
		require.NoError(t, a.WriteSnapshot(&sa))
		require.NoError(t, b.WriteSnapshot(&sb))
		if !bytes.Equal(sa.Bytes(), sb.Bytes()) {
			failSeed(t, "TestSnapshot_RestoredSimulationGoesOnExactly", seed, "final snapshots differ")
		}
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  original: %.300s\n  restored: %.300s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(la), len(lb))
}

// Restoring rebuilds every field of the simulation, derived ones included:
// compared field by field (nil and empty alike, callbacks aside), the
// restored simulation is the original. A field added to the simulation's
// state without being snapshotted fails here once any test scenario sets it.
func TestSnapshot_RestoresEveryField(t *testing.T) {
	for seed := uint64(1); seed <= 16; seed++ {
		a := randomScenario(seed, nil)
		if seed%2 == 1 {
			a.cfg.Decisions.Retention = 2 * time.Hour
		}
		midSessionOps(a, rand.New(rand.NewPCG(seed, 3)), 1)
		// Often in the first hours, where the alarm timeline and its poll
		// failures fall (gateTimeline), then every 97 minutes.
		step := func(at time.Time) time.Duration {
			if at.Before(DefaultStart().Add(2 * time.Hour)) {
				return 7 * time.Minute
			}
			return 97 * time.Minute
		}
		for at := DefaultStart().Add(3 * time.Minute); !at.After(propertyHorizon); at = at.Add(step(at)) {
			a.RunUntil(at)
			b, _ := snapshotRoundTrip(t, a, nil)
			if diff := stateDiff(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem(), "Sim", map[uintptr]bool{}); diff != "" {
				t.Fatalf("seed %d at %s: restored simulation differs at %s", seed, at, diff)
			}
			require.Equal(t, a.eng.State(), b.eng.State(), "engine")
		}
	}
}

// stateSkip lists the fields stateDiff does not compare, each with why.
var stateSkip = map[string]string{
	"Sim.eng":             "compared through its State: the queue's layout may differ, its order does not",
	"Sim.observer":        "a callback, given on restore",
	"Sim.onDone":          "a callback, given on restore",
	"Config.Observer":     "a callback, given on restore",
	"execution.byID":      "a read index, built on demand",
	"Fleet.platforms":     "a constant table, built on demand",
	"Fleet.members":       "a read index, built on demand",
	"Fleet.gen":           "a cache key: a restored fleet starts its own count",
	"version.resolved":    "a cache of the targets' resolution, rebuilt on demand",
	"version.resolvedAt":  "a cache of the targets' resolution, rebuilt on demand",
	"version.hasResolved": "a cache of the targets' resolution, rebuilt on demand",
}

// stateDiff compares two values field by field, unexported fields included,
// treating nil and empty slices and maps alike; it returns the first path
// where they differ, or "".
func stateDiff(a, b reflect.Value, path string, seen map[uintptr]bool) string {
	if a.Kind() != b.Kind() {
		return path + ": kinds differ"
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
			}
			return ""
		}
		if seen[a.Pointer()] {
			return ""
		}
		seen[a.Pointer()] = true
		return stateDiff(a.Elem(), b.Elem(), path, seen)
	case reflect.Struct:
		tn := a.Type().Name()
		for i := range a.NumField() {
			f := a.Type().Field(i)
			if _, skip := stateSkip[tn+"."+f.Name]; skip {
				continue
			}
			if d := stateDiff(a.Field(i), b.Field(i), path+"."+f.Name, seen); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := stateDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), seen); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d entries vs %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, k)
			}
			if d := stateDiff(a.MapIndex(k), bv, fmt.Sprintf("%s[%v]", path, k), seen); d != "" {
				return d
			}
		}
		return ""
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return ""
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil vs non-nil"
			}
			return ""
		}
		return stateDiff(a.Elem(), b.Elem(), path, seen)
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q vs %q", path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v vs %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d vs %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d vs %d", path, a.Uint(), b.Uint())
		}
	case reflect.Float32, reflect.Float64:
		if a.Float() != b.Float() {
			return fmt.Sprintf("%s: %v vs %v", path, a.Float(), b.Float())
		}
	default:
		return fmt.Sprintf("%s: kind %s not compared", path, a.Kind())
	}
	return ""
}

// A captured state is a copy: written after the simulation went on and
// was changed, it is the snapshot of the instant it was captured.
func TestCapture_IsACopy(t *testing.T) {
	for seed := uint64(1); seed <= 24; seed++ {
		a := randomScenario(seed, nil)
		if seed%2 == 0 {
			a.cfg.Decisions.Retention = 3 * time.Hour
		}
		a.RunUntil(DefaultStart().Add(5 * time.Hour))
		midSessionOps(a, rand.New(rand.NewPCG(seed, 4)), 1)
		var then bytes.Buffer
		require.NoError(t, a.WriteSnapshot(&then))
		c := a.Capture()
		for round := range 8 {
			midSessionOps(a, rand.New(rand.NewPCG(seed, 5+uint64(round))), 2+round)
		}
		a.RunUntil(propertyHorizon)
		var later bytes.Buffer
		require.NoError(t, c.Write(&later))
		if !bytes.Equal(then.Bytes(), later.Bytes()) {
			failSeed(t, "TestCapture_IsACopy", seed, "the capture changed with the simulation")
		}
	}
}

// A snapshot of another format, not a snapshot, or one cut short is
// refused with an error that says so; none of them panics.
func TestSnapshot_RefusesOtherFormatsAndDamage(t *testing.T) {
	a := randomScenario(4, nil)
	a.RunUntil(DefaultStart().Add(6 * time.Hour))
	var buf bytes.Buffer
	require.NoError(t, a.WriteSnapshot(&buf))
	full := buf.Bytes()

	_, err := ReadSnapshot(strings.NewReader(`{"format":"ssmsim-journal/2"}`), RestoreOptions{})
	require.ErrorIs(t, err, ErrSnapshotFormat)

	other := bytes.Replace(full, []byte(SnapshotFormat), []byte("ssmsim-snapshot/0"), 1)
	_, err = ReadSnapshot(bytes.NewReader(other), RestoreOptions{})
	require.ErrorIs(t, err, ErrSnapshotFormat)
	require.Contains(t, err.Error(), `format "ssmsim-snapshot/0"`)

	for _, n := range []int{0, 10, len(full) / 3, len(full) / 2, len(full) - 20, len(full) - 1} {
		_, err := ReadSnapshot(bytes.NewReader(full[:n]), RestoreOptions{})
		require.Error(t, err, "cut at %d of %d bytes", n, len(full))
	}
	_, err = ReadSnapshot(bytes.NewReader(full), RestoreOptions{})
	require.NoError(t, err)
}

// FuzzReadSnapshot: whatever the bytes, ReadSnapshot answers a simulation
// or an error, never a panic.
func FuzzReadSnapshot(f *testing.F) {
	a := randomScenario(6, nil)
	a.RunUntil(DefaultStart().Add(3 * time.Hour))
	var buf bytes.Buffer
	require.NoError(f, a.WriteSnapshot(&buf))
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ReadSnapshot(bytes.NewReader(b), RestoreOptions{})
	})
}

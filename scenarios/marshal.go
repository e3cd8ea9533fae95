package scenarios

import (
	"bytes"
	"reflect"
	"sort"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Marshal writes the scenario as a canonical scenario file: fields in the
// order SCHEMA.md lists them, zero values left out, instants as offsets,
// documents' content inline, and actions naming associations by their
// AssociationName when it is unique (else by index). Parsing the result
// gives the scenario back (Behavior.Name, which no file sets, aside).
func (sc Scenario) Marshal() ([]byte, error) {
	m := &mapNode{}
	m.add("version", intNode(Version))
	if sc.Name != "" {
		m.add("name", strNode(sc.Name))
	}
	if sc.Description != "" {
		m.add("description", strNode(sc.Description))
	}
	if sc.Seed != 0 {
		m.add("seed", &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatUint(sc.Seed, 10)})
	}
	if !sc.Start.IsZero() {
		m.add("start", strNode(sc.Start.UTC().Format(time.RFC3339Nano)))
	}
	if sc.Horizon != 0 {
		m.add("horizon", durNode(sc.Horizon))
	}
	if dn := decisionsNode(sc.Decisions); len(dn.Content) > 0 {
		m.add("decisions", dn)
	}
	if len(sc.Fleet) > 0 {
		seq := seqNode()
		for _, g := range sc.Fleet {
			seq.Content = append(seq.Content, groupNode(g))
		}
		m.add("fleet", seq)
	}
	if len(sc.Documents) > 0 {
		m.add("documents", apiNode(reflect.ValueOf(sc.Documents), ""))
	}
	if len(sc.Alarms) > 0 {
		seq := seqNode()
		for _, a := range sc.Alarms {
			seq.Content = append(seq.Content, alarmNode(a))
		}
		m.add("alarms", seq)
	}
	if len(sc.Associations) > 0 {
		m.add("associations", apiNode(reflect.ValueOf(sc.Associations), ""))
	}
	if len(sc.Actions) > 0 {
		seq := seqNode()
		for _, a := range sc.Actions {
			seq.Content = append(seq.Content, sc.actionNode(a))
		}
		m.add("actions", seq)
	}
	if len(sc.Faults) > 0 {
		seq := seqNode()
		for _, f := range sc.Faults {
			e := &mapNode{}
			if len(f.Operations) > 0 {
				ops := seqNode()
				for _, o := range f.Operations {
					ops.Content = append(ops.Content, strNode(o))
				}
				e.add("operations", ops)
			}
			if f.Probability > 0 {
				e.add("probability", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f.Probability, 'g', -1, 64)})
			} else {
				e.add("everyNth", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(f.EveryNth)})
			}
			e.add("fault", strNode(f.Fault))
			if f.LatencyMs > 0 {
				e.add("latencyMs", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(f.LatencyMs)})
			}
			if f.From > 0 {
				e.add("from", durNode(f.From))
			}
			if f.Until > 0 {
				e.add("until", durNode(f.Until))
			}
			seq.Content = append(seq.Content, e.node())
		}
		m.add("faults", seq)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode((*yaml.Node)(m)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// mapNode builds a mapping in insertion order.
type mapNode yaml.Node

func (m *mapNode) add(key string, v *yaml.Node) {
	m.Kind = yaml.MappingNode
	m.Content = append(m.Content, strNode(key), v)
}

func (m *mapNode) flow() *yaml.Node {
	m.Kind, m.Style = yaml.MappingNode, yaml.FlowStyle
	return (*yaml.Node)(m)
}

func (m *mapNode) node() *yaml.Node {
	m.Kind = yaml.MappingNode
	return (*yaml.Node)(m)
}

func seqNode() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode} }

// strNode is a string; the encoder quotes it when it would read as
// something else ("1", "true").
func strNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func intNode(i int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatInt(i, 10)}
}

// floatNode writes the shortest text that reads back as the same float.
func floatNode(f float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(f, 'g', -1, 64)}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func durNode(d time.Duration) *yaml.Node { return strNode(formatDuration(d)) }

func decisionsNode(ds sim.Decisions) *yaml.Node {
	m := &mapNode{}
	if ds.ConcurrencyRounding != model.RoundDefault {
		m.add("concurrencyRounding", strNode(ds.ConcurrencyRounding.String()))
	}
	if ds.ErrorRounding != model.RoundDefault {
		m.add("errorRounding", strNode(ds.ErrorRounding.String()))
	}
	if ds.DefaultMaxConcurrency != "" {
		m.add("defaultMaxConcurrency", strNode(ds.DefaultMaxConcurrency))
	}
	for _, f := range []struct {
		name string
		on   bool
	}{{"deferNewTargets", ds.DeferNewTargets}, {"unrecordedCalendarSkips", ds.UnrecordedCalendarSkips}, {"skippedTargetRows", ds.SkippedTargetRows}} {
		if f.on {
			m.add(f.name, boolNode(true))
		}
	}
	if ds.MaxActiveAssociations != 0 {
		m.add("maxActiveAssociations", intNode(int64(ds.MaxActiveAssociations)))
	}
	if ds.Retention != 0 {
		m.add("retention", durNode(ds.Retention))
	}
	return m.node()
}

func groupNode(g Group) *yaml.Node {
	m := &mapNode{}
	m.add("count", intNode(int64(g.Count)))
	if g.Kind == sim.KindManaged {
		m.add("kind", strNode("managed"))
	}
	if g.Platform != "" {
		m.add("platform", strNode(string(g.Platform)))
	}
	if len(g.Tags) > 0 {
		m.add("tags", tagsNode(g.Tags))
	}
	if bn := behaviorNode(g.Behavior, g.Override); len(bn.Content) > 0 {
		m.add("behavior", bn)
	}
	if len(g.Join) > 0 {
		seq := seqNode()
		for _, j := range g.Join {
			e := &mapNode{}
			e.add("at", durNode(j.At))
			e.add("count", intNode(int64(j.Count)))
			seq.Content = append(seq.Content, e.flow())
		}
		m.add("join", seq)
	}
	if len(g.Leave) > 0 {
		seq := seqNode()
		for _, l := range g.Leave {
			e := &mapNode{}
			e.add("at", durNode(l.At))
			selectionNodes(e, l.Nodes)
			seq.Content = append(seq.Content, e.flow())
		}
		m.add("leave", seq)
	}
	if len(g.Offline) > 0 {
		seq := seqNode()
		for _, o := range g.Offline {
			e := &mapNode{}
			e.add("from", durNode(o.From))
			if o.To != 0 {
				e.add("to", durNode(o.To))
			}
			selectionNodes(e, o.Nodes)
			seq.Content = append(seq.Content, e.flow())
		}
		m.add("offline", seq)
	}
	if len(g.Retag) > 0 {
		seq := seqNode()
		for _, r := range g.Retag {
			e := &mapNode{}
			e.add("at", durNode(r.At))
			selectionNodes(e, r.Nodes)
			e.add("tags", tagsNode(r.Tags))
			seq.Content = append(seq.Content, e.flow())
		}
		m.add("retag", seq)
	}
	return m.node()
}

func tagsNode(tags []model.Tag) *yaml.Node {
	m := &mapNode{}
	for _, t := range tags {
		m.add(t.Key, strNode(t.Value))
	}
	return m.flow()
}

func selectionNodes(m *mapNode, n Nodes) {
	if n.List != nil {
		seq := seqNode()
		seq.Style = yaml.FlowStyle
		for _, i := range n.List {
			seq.Content = append(seq.Content, intNode(int64(i)))
		}
		m.add("nodes", seq)
		return
	}
	if n.First != 0 {
		m.add("first", intNode(int64(n.First)))
	}
	m.add("count", intNode(int64(n.Count)))
}

func behaviorNode(b sim.Behavior, o sim.Override) *yaml.Node {
	m := &mapNode{}
	if b.Duration != (sim.Dist{}) {
		m.add("duration", distNode(b.Duration))
	}
	if b.Pickup != (sim.Dist{}) {
		m.add("pickup", distNode(b.Pickup))
	}
	if b.FailureProbability != 0 {
		m.add("failure", floatNode(b.FailureProbability))
	}
	if b.TimeoutProbability != 0 {
		m.add("timeout", floatNode(b.TimeoutProbability))
	}
	if b.Timeout != 0 {
		m.add("timeoutAfter", durNode(b.Timeout))
	}
	if o != sim.OverrideNone {
		m.add("override", strNode(o.String()))
	}
	return m.node()
}

// distNode renders a distribution: its kind and exactly its parameters.
func distNode(ds sim.Dist) *yaml.Node {
	d := &mapNode{}
	d.add("kind", strNode(string(ds.Kind)))
	for _, p := range distParams[ds.Kind] {
		switch p {
		case "mean":
			d.add(p, durNode(ds.Mean))
		case "min":
			d.add(p, durNode(ds.Min))
		case "max":
			d.add(p, durNode(ds.Max))
		case "sigma":
			d.add(p, floatNode(ds.Sigma))
		}
	}
	return d.flow()
}

func alarmNode(a Alarm) *yaml.Node {
	m := &mapNode{}
	m.add("name", strNode(a.Name))
	if len(a.States) > 0 {
		seq := seqNode()
		for _, s := range a.States {
			e := &mapNode{}
			e.add("at", durNode(s.At))
			e.add("state", strNode(string(s.State)))
			seq.Content = append(seq.Content, e.flow())
		}
		m.add("states", seq)
	}
	if len(a.PollFailures) > 0 {
		seq := seqNode()
		for _, w := range a.PollFailures {
			e := &mapNode{}
			e.add("from", durNode(w.From))
			e.add("to", durNode(w.To))
			seq.Content = append(seq.Content, e.flow())
		}
		m.add("pollFailures", seq)
	}
	return m.node()
}

func (sc Scenario) actionNode(a Action) *yaml.Node {
	m := &mapNode{}
	m.add("at", durNode(a.At))
	op := &mapNode{}
	switch a.Op {
	case OpStartAssociationsOnce:
		seq := seqNode()
		seq.Style = yaml.FlowStyle
		for _, i := range a.Associations {
			seq.Content = append(seq.Content, sc.refNode(i))
		}
		op.add("AssociationIds", seq)
	default:
		if len(a.Associations) > 0 {
			op.add("AssociationId", sc.refNode(a.Associations[0]))
		}
		if a.Op == OpUpdateAssociation && a.Update != nil {
			members := apiNode(reflect.ValueOf(*a.Update), "AssociationId")
			op.Content = append(op.Content, members.Content...)
		}
	}
	m.add(string(a.Op), op.node())
	return m.node()
}

// refNode names an association by its AssociationName when no other
// association has it, else by index.
func (sc Scenario) refNode(i int) *yaml.Node {
	if i >= 0 && i < len(sc.Associations) {
		name, n := sc.Associations[i].AssociationName, 0
		for _, a := range sc.Associations {
			if a.AssociationName == name {
				n++
			}
		}
		if name != "" && n == 1 {
			return strNode(name)
		}
	}
	return intNode(int64(i))
}

// apiNode writes a model value with the API's member names, leaving out
// zero members (and the member named skip).
func apiNode(v reflect.Value, skip string) *yaml.Node {
	switch v.Kind() {
	case reflect.String:
		return strNode(v.String())
	case reflect.Bool:
		return boolNode(v.Bool())
	case reflect.Int, reflect.Int32, reflect.Int64:
		return intNode(v.Int())
	case reflect.Slice:
		seq := seqNode()
		for i := range v.Len() {
			seq.Content = append(seq.Content, apiNode(v.Index(i), ""))
		}
		return seq
	case reflect.Map:
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		m := &mapNode{}
		for _, k := range keys {
			m.add(k, apiNode(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), ""))
		}
		return m.node()
	case reflect.Pointer:
		if v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
		return apiNode(v.Elem(), "")
	case reflect.Struct:
		m := &mapNode{}
		t := v.Type()
		for i := range t.NumField() {
			name, fv := apiName(t.Field(i)), v.Field(i)
			if name == "" || name == skip || fv.IsZero() || ((fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0) {
				continue
			}
			m.add(name, apiNode(fv, ""))
		}
		return m.node()
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

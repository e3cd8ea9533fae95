package scenarios

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

var (
	groupFields    = []string{"count", "kind", "platform", "tags", "behavior", "join", "leave", "offline", "retag"}
	behaviorFields = []string{"duration", "pickup", "failure", "timeout", "timeoutAfter", "override"}
	distFields     = []string{"kind", "mean", "min", "max", "sigma"}
	joinFields     = []string{"at", "count"}
	leaveFields    = []string{"at", "first", "count", "nodes"}
	offlineFields  = []string{"from", "to", "first", "count", "nodes"}
	retagFields    = []string{"at", "first", "count", "nodes", "tags"}
	overrideNames  = []string{"none", "always-fail", "always-succeed", "offline"}
	platformNames  = []string{"Linux", "Windows", "MacOS"}
	// distParams are the parameters each distribution takes (sim.Dist).
	distParams = map[sim.DistKind][]string{
		sim.DistFixed: {"mean"}, sim.DistUniform: {"min", "max"},
		sim.DistExponential: {"mean"}, sim.DistLogNormal: {"mean", "sigma"},
	}
)

func (d *decoder) fleet(n *yaml.Node, path string, start time.Time) []Group {
	items, ok := d.list(n, path)
	if !ok {
		return nil
	}
	var gs []Group
	total := 0
	for i, it := range items {
		g := d.group(it, index(path, i), start)
		d.groups = append(d.groups, it)
		total += g.Count
		for _, j := range g.Join {
			total += j.Count
		}
		gs = append(gs, g)
		if total > maxNodes {
			d.errorf(it, index(path, i), "the fleet reaches %d nodes here; the limit is %d", total, maxNodes)
			break
		}
	}
	return gs
}

// group decodes one node group and checks that every node its changes
// select has joined by then.
func (d *decoder) group(n *yaml.Node, path string, start time.Time) Group {
	var g Group
	f, ok := d.mapping(n, path, groupFields)
	if !ok {
		return g
	}
	if f.require("count") {
		c, _ := d.integer(f.vals["count"], join(path, "count"), 0, maxNodes)
		g.Count = int(c)
	}
	if n, p := f.get("kind"); n != nil {
		if s, ok := d.oneOf(n, p, "ec2", "managed"); ok && s == "managed" {
			g.Kind = sim.KindManaged
		}
	}
	if n, p := f.get("platform"); n != nil {
		s, _ := d.oneOf(n, p, platformNames...)
		g.Platform = model.PlatformType(s)
	}
	if n, p := f.get("tags"); n != nil {
		g.Tags = d.tags(n, p)
	}
	if n, p := f.get("behavior"); n != nil {
		g.Behavior, g.Override = d.behavior(n, p)
	}
	if n, p := f.get("join"); n != nil {
		items, _ := d.list(n, p)
		for i, it := range items {
			ip := index(p, i)
			jf, ok := d.mapping(it, ip, joinFields)
			if !ok || !jf.require("at", "count") {
				continue
			}
			at, _ := d.instant(jf.vals["at"], join(ip, "at"), start)
			c, _ := d.integer(jf.vals["count"], join(ip, "count"), 1, maxNodes)
			if len(g.Join) > 0 && at < g.Join[len(g.Join)-1].At {
				d.errorf(jf.vals["at"], join(ip, "at"), "%s is before the previous join's %s: list joins in time order", formatDuration(at), formatDuration(g.Join[len(g.Join)-1].At))
			}
			g.Join = append(g.Join, Join{At: at, Count: int(c)})
		}
	}
	if n, p := f.get("leave"); n != nil {
		items, _ := d.list(n, p)
		for i, it := range items {
			ip := index(p, i)
			lf, ok := d.mapping(it, ip, leaveFields)
			if !ok || !lf.require("at") {
				continue
			}
			at, _ := d.instant(lf.vals["at"], join(ip, "at"), start)
			g.Leave = append(g.Leave, Leave{At: at, Nodes: d.selection(lf, g, at)})
		}
		d.checkLeaves(f, p, g)
	}
	if n, p := f.get("offline"); n != nil {
		items, _ := d.list(n, p)
		for i, it := range items {
			ip := index(p, i)
			of, ok := d.mapping(it, ip, offlineFields)
			if !ok || !of.require("from") {
				continue
			}
			var o Offline
			o.From, _ = d.instant(of.vals["from"], join(ip, "from"), start)
			if to, tp := of.get("to"); to != nil {
				var ok bool
				if o.To, ok = d.instant(to, tp, start); ok && o.To <= o.From {
					d.errorf(to, tp, "%s is not after from (%s)", formatDuration(o.To), formatDuration(o.From))
				}
			}
			o.Nodes = d.selection(of, g, o.From)
			g.Offline = append(g.Offline, o)
		}
	}
	if n, p := f.get("retag"); n != nil {
		items, _ := d.list(n, p)
		for i, it := range items {
			ip := index(p, i)
			rf, ok := d.mapping(it, ip, retagFields)
			if !ok || !rf.require("at") {
				continue
			}
			var r Retag
			r.At, _ = d.instant(rf.vals["at"], join(ip, "at"), start)
			r.Nodes = d.selection(rf, g, r.At)
			if _, present := rf.keys["tags"]; !present {
				d.errorf(it, join(ip, "tags"), "missing (the nodes' new tags, replacing the old; {} for none)")
			} else if tn, tp := rf.get("tags"); tn != nil {
				r.Tags = d.tags(tn, tp)
			}
			g.Retag = append(g.Retag, r)
		}
	}
	return g
}

// tags decodes a {Key: Value} mapping, in file order, with the simulator's
// limits on node tags.
func (d *decoder) tags(n *yaml.Node, path string) []model.Tag {
	f, ok := d.mapping(n, path, nil)
	if !ok {
		return nil
	}
	var tags []model.Tag
	for _, k := range f.sortedKeys() {
		p := join(path, k)
		v := ""
		if val := f.vals[k]; !isNull(val) {
			v, _ = d.str(val, p)
		}
		if k == "" || len(k) > 128 || len(v) > 256 {
			d.errorf(f.keys[k], p, "a tag key is 1 to 128 characters and a value at most 256")
		}
		tags = append(tags, model.Tag{Key: k, Value: v})
	}
	return tags
}

func (d *decoder) behavior(n *yaml.Node, path string) (sim.Behavior, sim.Override) {
	var b sim.Behavior
	var o sim.Override
	f, ok := d.mapping(n, path, behaviorFields)
	if !ok {
		return b, o
	}
	if n, p := f.get("duration"); n != nil {
		b.Duration = d.dist(n, p)
	}
	if n, p := f.get("pickup"); n != nil {
		b.Pickup = d.dist(n, p)
	}
	prob := func(name string) float64 {
		n, p := f.get(name)
		if n == nil {
			return 0
		}
		v, ok := d.number(n, p)
		if ok && !(v >= 0 && v <= 1) {
			d.errorf(n, p, "%s is not a probability", n.Value)
		}
		return v
	}
	b.FailureProbability, b.TimeoutProbability = prob("failure"), prob("timeout")
	if s := b.FailureProbability + b.TimeoutProbability; s > 1 && b.FailureProbability <= 1 && b.TimeoutProbability <= 1 {
		d.errorf(n, path, "failure (%v) and timeout (%v) probabilities add up to more than 1", b.FailureProbability, b.TimeoutProbability)
	}
	if n, p := f.get("timeoutAfter"); n != nil {
		if v, ok := d.duration(n, p); ok && v == 0 {
			d.errorf(n, p, "must be more than 0 (leave it out for the default, 1h)")
		} else {
			b.Timeout = v
		}
	}
	if n, p := f.get("override"); n != nil {
		if s, ok := d.oneOf(n, p, overrideNames...); ok {
			o, _ = sim.ParseOverride(s)
		}
	}
	return b, o
}

// dist decodes a run-time distribution: a kind and exactly its parameters.
func (d *decoder) dist(n *yaml.Node, path string) sim.Dist {
	var ds sim.Dist
	f, ok := d.mapping(n, path, distFields)
	if !ok || !f.require("kind") {
		return ds
	}
	kinds := make([]string, 0, 4)
	for _, k := range sim.DistKind("").Values() {
		kinds = append(kinds, string(k))
	}
	k, ok := d.oneOf(f.vals["kind"], join(path, "kind"), kinds...)
	if !ok {
		return ds
	}
	ds.Kind = sim.DistKind(k)
	params := distParams[ds.Kind]
	good := true
	for _, name := range distFields[1:] {
		if f.has(name) && !contains(params, name) {
			d.errorf(f.keys[name], join(path, name), "a %s distribution has no %s (it takes %s)", k, name, joinAnd(params))
			good = false
		}
	}
	if !f.require(params...) || !good {
		return ds
	}
	for _, name := range params {
		v, p := f.get(name)
		switch name {
		case "mean":
			ds.Mean, ok = d.duration(v, p)
		case "min":
			ds.Min, ok = d.duration(v, p)
		case "max":
			ds.Max, ok = d.duration(v, p)
		case "sigma":
			ds.Sigma, ok = d.number(v, p)
		}
		good = good && ok
	}
	if good {
		if err := ds.Validate(); err != nil {
			d.errorf(n, path, "%v", err)
		}
	}
	return ds
}

func joinAnd(xs []string) string {
	if len(xs) == 2 {
		return xs[0] + " and " + xs[1]
	}
	return xs[0]
}

// selection decodes the nodes a fleet change applies to, which must all
// have joined the group by `at`.
func (d *decoder) selection(f *fields, g Group, at time.Duration) Nodes {
	var s Nodes
	size := g.Count
	for _, j := range g.Join {
		if j.At <= at {
			size += j.Count
		}
	}
	check := func(n *yaml.Node, p string, i int) {
		if i >= size {
			d.errorf(n, p, "node %d has not joined by %s (the group has %d nodes then)", i, formatDuration(at), size)
		}
	}
	if ln, lp := f.get("nodes"); ln != nil {
		if f.has("first") || f.has("count") {
			d.errorf(ln, lp, "give nodes, or first and count, not both")
			return s
		}
		items, ok := d.list(ln, lp)
		if !ok {
			return s
		}
		if len(items) == 0 {
			d.errorf(ln, lp, "the list is empty")
		}
		seen := map[int64]bool{}
		for i, it := range items {
			ip := index(lp, i)
			v, ok := d.integer(it, ip, 0, maxNodes)
			if !ok {
				continue
			}
			if seen[v] {
				d.errorf(it, ip, "node %d is listed twice", v)
			}
			seen[v] = true
			check(it, ip, int(v))
			s.List = append(s.List, int(v))
		}
		return s
	}
	if !f.has("count") {
		d.errorf(f.node, join(f.path, "count"), "missing (select nodes with count, first and count, or nodes)")
		return s
	}
	if fn, fp := f.get("first"); fn != nil {
		v, _ := d.integer(fn, fp, 0, maxNodes)
		s.First = int(v)
	}
	cn, cp := f.get("count")
	c, ok := d.integer(cn, cp, 1, maxNodes)
	s.Count = int(c)
	if ok {
		check(cn, cp, s.First+s.Count-1)
	}
	return s
}

// checkLeaves reports a node that leaves twice.
func (d *decoder) checkLeaves(f *fields, path string, g Group) {
	if len(g.Leave) < 2 {
		return
	}
	total := g.Count
	for _, j := range g.Join {
		total += j.Count
	}
	owner := make([]int32, total) // leave index + 1
	items, _ := d.list(f.vals["leave"], path)
	for li, l := range g.Leave {
		for _, n := range l.Nodes.indices() {
			if n < 0 || n >= total {
				continue
			}
			if o := owner[n]; o != 0 {
				d.errorf(items[li], index(path, li), "node %d already leaves in %s", n, index(path, int(o-1)))
				break
			}
			owner[n] = int32(li + 1)
		}
	}
}

// indices are the selected node numbers within the group.
func (n Nodes) indices() []int {
	if n.List != nil {
		return n.List
	}
	out := make([]int, n.Count)
	for i := range out {
		out[i] = n.First + i
	}
	return out
}

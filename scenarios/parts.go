package scenarios

import (
	"errors"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/schedule"
	"github.com/ssmsim/ssmsim/model/validate"
)

var (
	alarmFields   = []string{"name", "states", "pollFailures"}
	stateFields   = []string{"at", "state"}
	windowFields  = []string{"from", "to"}
	faultFields   = []string{"operations", "probability", "everyNth", "fault", "latencyMs", "from", "until"}
	actionFields  = []string{"at", "StartAssociationsOnce", "UpdateAssociation", "DeleteAssociation"}
	startFields   = []string{"AssociationIds"}
	deleteFields  = []string{"AssociationId"}
	alarmStates   = []string{"OK", "ALARM", "INSUFFICIENT_DATA"}
	createDenied  = map[string]string{"InstanceId": "names a node by its ID, which depends on the seed: use Targets"}
	updateSkipped = map[string]string{"AssociationId": ""}
)

// docSource is where a document was written, to locate its errors.
type docSource struct {
	f    *fields
	file string // the file: reference, if any
}

func (d *decoder) documents(n *yaml.Node, p string) []model.CreateDocumentInput {
	items, ok := d.list(n, p)
	if !ok {
		return nil
	}
	var docs []model.CreateDocumentInput
	for i, it := range items {
		ip := index(p, i)
		var doc model.CreateDocumentInput
		f := d.apiStruct(it, ip, reflect.ValueOf(&doc).Elem(), []string{"file"}, nil)
		src := docSource{f: f}
		switch fn, fp := f.get("file"); {
		case fn != nil && f.has("Content"):
			d.errorf(fn, fp, "give Content or file, not both")
		case fn != nil:
			name, ok := d.str(fn, fp)
			if !ok {
				break
			}
			src.file = name
			data, err := d.readFile(name)
			switch {
			case err != nil:
				d.errorf(fn, fp, "cannot read %s: %s", name, err)
			case !utf8.Valid(data):
				d.errorf(fn, fp, "%s is not UTF-8 text", name)
			default:
				doc.Content = string(data)
				// The file's extension stands for the type and format.
				switch strings.ToLower(path.Ext(name)) {
				case ".ics":
					doc.DocumentType = orDefault(doc.DocumentType, "ChangeCalendar")
				case ".yaml", ".yml":
					doc.DocumentFormat = orDefault(doc.DocumentFormat, "YAML")
				}
			}
		case f.has("Content"):
		case it.Kind == yaml.MappingNode || isNull(it):
			d.errorf(it, join(ip, "Content"), "missing (give Content or file)")
		}
		if !f.has("Name") && (it.Kind == yaml.MappingNode || isNull(it)) {
			d.errorf(it, join(ip, "Name"), "missing")
		}
		docs = append(docs, doc)
		d.docs = append(d.docs, src)
	}
	return docs
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// readFile reads a `file:` reference.
func (d *decoder) readFile(name string) ([]byte, error) {
	if d.read == nil {
		return nil, errors.New("file references are not allowed here")
	}
	if name == "" {
		return nil, errors.New("empty file name")
	}
	data, err := d.read(name)
	if err != nil {
		return nil, errors.New(ioMessage(err))
	}
	return data, nil
}

func (d *decoder) alarms(n *yaml.Node, p string, start time.Time) []Alarm {
	items, ok := d.list(n, p)
	if !ok {
		return nil
	}
	var alarms []Alarm
	seen := map[string]int{}
	for i, it := range items {
		ip := index(p, i)
		f, ok := d.mapping(it, ip, alarmFields)
		if !ok || !f.require("name") {
			continue
		}
		var a Alarm
		nn, np := f.get("name")
		if a.Name, ok = d.str(nn, np); ok {
			if strings.TrimSpace(a.Name) == "" || len(a.Name) > 255 {
				d.errorf(nn, np, "an alarm name is 1 to 255 characters, not blank")
			}
			if line, dup := seen[a.Name]; dup {
				d.errorf(nn, np, "alarm %q is already described at line %d", clip(a.Name), line)
			}
			seen[a.Name] = nn.Line
		}
		if sn, sp := f.get("states"); sn != nil {
			states, _ := d.list(sn, sp)
			for j, st := range states {
				jp := index(sp, j)
				sf, ok := d.mapping(st, jp, stateFields)
				if !ok || !sf.require("at", "state") {
					continue
				}
				at, _ := d.instant(sf.vals["at"], join(jp, "at"), start)
				s, _ := d.oneOf(sf.vals["state"], join(jp, "state"), alarmStates...)
				a.States = append(a.States, AlarmState{At: at, State: model.AlarmState(s)})
			}
		}
		if wn, wp := f.get("pollFailures"); wn != nil {
			windows, _ := d.list(wn, wp)
			for j, w := range windows {
				jp := index(wp, j)
				wf, ok := d.mapping(w, jp, windowFields)
				if !ok || !wf.require("from", "to") {
					continue
				}
				from, ok1 := d.instant(wf.vals["from"], join(jp, "from"), start)
				to, ok2 := d.instant(wf.vals["to"], join(jp, "to"), start)
				if ok1 && ok2 && to <= from {
					d.errorf(wf.vals["to"], join(jp, "to"), "%s is not after from (%s)", formatDuration(to), formatDuration(from))
				}
				a.PollFailures = append(a.PollFailures, Window{From: from, To: to})
			}
		}
		if len(a.States) == 0 && len(a.PollFailures) == 0 {
			d.errorf(it, ip, "an alarm needs states or pollFailures")
		}
		alarms = append(alarms, a)
	}
	return alarms
}

func (d *decoder) associations(n *yaml.Node, p string, horizon time.Duration) []model.CreateAssociationInput {
	items, ok := d.list(n, p)
	if !ok {
		return nil
	}
	var out []model.CreateAssociationInput
	for i, it := range items {
		var in model.CreateAssociationInput
		f := d.apiStruct(it, index(p, i), reflect.ValueOf(&in).Elem(), nil, createDenied)
		d.checkRules(f, rules{in.MaxConcurrency, in.MaxErrors, schedule.AssociationRules{
			Expression: in.ScheduleExpression, ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval,
			ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
		}}, horizon)
		out = append(out, in)
		d.assocs = append(d.assocs, f)
	}
	return out
}

// rules are the members of an association that can be checked alone.
type rules struct {
	maxConcurrency, maxErrors string
	schedule                  schedule.AssociationRules
}

// checkRules checks rate controls and the schedule where they are written.
func (d *decoder) checkRules(f *fields, r rules, horizon time.Duration) {
	if n, p := f.get("MaxConcurrency"); n != nil && r.maxConcurrency != "" {
		if _, err := model.ParseMaxConcurrency(r.maxConcurrency, "MaxConcurrency"); err != nil {
			d.errorf(n, p, "%q is not a MaxConcurrency (a count from 1, or a percentage from 1%% to 100%%)", clip(r.maxConcurrency))
		}
	}
	if n, p := f.get("MaxErrors"); n != nil && r.maxErrors != "" {
		if _, err := model.ParseMaxErrors(r.maxErrors, "MaxErrors"); err != nil {
			d.errorf(n, p, "%q is not a MaxErrors (a count from 0, or a percentage from 0%% to 100%%)", clip(r.maxErrors))
		}
	}
	at, atPath := f.node, f.path
	for _, name := range []string{"ScheduleExpression", "ScheduleOffset", "Duration", "ApplyOnlyAtCronInterval"} {
		if n, p := f.get(name); n != nil {
			at, atPath = n, p
			break
		}
	}
	if _, err := schedule.ValidateAssociation(r.schedule); err != nil {
		d.errorf(at, atPath, "%v", err)
	} else if r.schedule.Expression != "" && horizon == 0 {
		d.errorf(at, atPath, "a scheduled association runs forever: set the scenario's horizon")
	}
}

func (d *decoder) actions(n *yaml.Node, p string, start time.Time, sc *Scenario) []Action {
	items, ok := d.list(n, p)
	if !ok {
		return nil
	}
	var out []Action
	for i, it := range items {
		ip := index(p, i)
		f, ok := d.mapping(it, ip, actionFields)
		if !ok || !f.require("at") {
			continue
		}
		var a Action
		a.At, _ = d.instant(f.vals["at"], join(ip, "at"), start)
		if len(out) > 0 && a.At < out[len(out)-1].At {
			d.errorf(f.vals["at"], join(ip, "at"), "%s is before the previous action's %s: list actions in time order", formatDuration(a.At), formatDuration(out[len(out)-1].At))
		}
		var ops []string
		for _, op := range actionFields[1:] {
			if f.has(op) {
				ops = append(ops, op)
			}
		}
		if len(ops) != 1 {
			d.errorf(it, ip, "want one of StartAssociationsOnce, UpdateAssociation, DeleteAssociation, got %d", len(ops))
			continue
		}
		a.Op = Operation(ops[0])
		on, op := f.get(ops[0])
		opFields := &fields{d: d, node: on, path: op, vals: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
		switch a.Op {
		case OpStartAssociationsOnce:
			of, ok := d.mapping(on, op, startFields)
			if !ok || !of.require("AssociationIds") {
				break
			}
			ids, idsPath := of.get("AssociationIds")
			refs, _ := d.list(ids, idsPath)
			if len(refs) < 1 || len(refs) > 10 {
				d.errorf(ids, idsPath, "StartAssociationsOnce takes 1 to 10 associations, not %d", len(refs))
			}
			for j, r := range refs {
				if k, ok := d.ref(r, index(idsPath, j), sc.Associations); ok {
					a.Associations = append(a.Associations, k)
				}
			}
		case OpUpdateAssociation:
			var in model.UpdateAssociationInput
			uf := d.apiStruct(on, op, reflect.ValueOf(&in).Elem(), nil, updateSkipped)
			opFields = uf
			if uf.require("AssociationId") {
				if k, ok := d.ref(uf.vals["AssociationId"], join(op, "AssociationId"), sc.Associations); ok {
					a.Associations = []int{k}
				}
			}
			d.checkRules(uf, rules{in.MaxConcurrency, in.MaxErrors, schedule.AssociationRules{
				Expression: in.ScheduleExpression, ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval,
				ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
			}}, sc.Horizon)
			a.Update = &in
		case OpDeleteAssociation:
			of, ok := d.mapping(on, op, deleteFields)
			if ok && of.require("AssociationId") {
				if k, ok := d.ref(of.vals["AssociationId"], join(op, "AssociationId"), sc.Associations); ok {
					a.Associations = []int{k}
				}
			}
		}
		out = append(out, a)
		d.actionOps = append(d.actionOps, opFields)
	}
	return out
}

// ref resolves a reference to an association: its index in associations
// (a number) or its AssociationName (a string), which must be unique.
func (d *decoder) ref(n *yaml.Node, p string, assocs []model.CreateAssociationInput) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		var v int64
		if n.Decode(&v) != nil || v < 0 || v >= int64(len(assocs)) {
			d.errorf(n, p, "there is no associations[%s] (%s)", n.Value, count(len(assocs), "association"))
			return 0, false
		}
		return int(v), true
	}
	name, ok := d.str(n, p)
	if !ok {
		return 0, false
	}
	found := -1
	for i, a := range assocs {
		if a.AssociationName != name {
			continue
		}
		if found >= 0 {
			d.errorf(n, p, "associations[%d] and [%d] are both named %q: refer to one by its index", found, i, clip(name))
			return 0, false
		}
		found = i
	}
	if found < 0 {
		var names []string
		for _, a := range assocs {
			if a.AssociationName != "" {
				names = append(names, strconv.Quote(a.AssociationName))
			}
		}
		known := "none has an AssociationName"
		if len(names) > 0 {
			known = "have: " + strings.Join(names, ", ")
		}
		d.errorf(n, p, "no association is named %q (%s); refer to one by AssociationName or index", clip(name), known)
		return 0, false
	}
	return found, true
}

// count says "1 association", "2 associations".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// faults reads the faults section: rules `ssmsim serve` applies to its
// clients' AWS calls.
func (d *decoder) faults(n *yaml.Node, p string, start time.Time) []Fault {
	items, ok := d.list(n, p)
	if !ok {
		return nil
	}
	var out []Fault
	for i, it := range items {
		ip := index(p, i)
		f, ok := d.mapping(it, ip, faultFields)
		if !ok || !f.require("fault") {
			continue
		}
		var r Fault
		if on, op := f.get("operations"); on != nil {
			ops, _ := d.list(on, op)
			for j, o := range ops {
				if s, ok := d.str(o, index(op, j)); ok {
					if s != "*" && !slices.Contains(validate.Operations(), s) {
						d.errorf(o, index(op, j), "%q is not an SSM operation (for example DescribeAssociationExecutions, or * for every one)", clip(s))
					}
					r.Operations = append(r.Operations, s)
				}
			}
		}
		r.Fault, _ = d.oneOf(f.vals["fault"], join(ip, "fault"), FaultKinds...)
		pn, pp := f.get("probability")
		en, ep := f.get("everyNth")
		switch {
		case (pn == nil) == (en == nil):
			d.errorf(it, ip, "give exactly one of probability (0 to 1) and everyNth (1 or more)")
		case pn != nil:
			if v, ok := d.number(pn, pp); ok {
				if v <= 0 || v > 1 {
					d.errorf(pn, pp, "%v is not a probability above 0", v)
				}
				r.Probability = v
			}
		default:
			v, _ := d.integer(en, ep, 1, 1<<31-1)
			r.EveryNth = int(v)
		}
		if ln, lp := f.get("latencyMs"); ln != nil {
			v, ok := d.integer(ln, lp, 1, 30_000)
			if ok && r.Fault != "latency" {
				d.errorf(ln, lp, "latencyMs applies to latency faults only")
			}
			r.LatencyMs = int(v)
		} else if r.Fault == "latency" {
			d.errorf(it, join(ip, "latencyMs"), "missing (a latency fault says how long, 1 to 30000)")
		}
		if fn, fp := f.get("from"); fn != nil {
			r.From, _ = d.instant(fn, fp, start)
		}
		if un, up := f.get("until"); un != nil {
			var ok bool
			if r.Until, ok = d.instant(un, up, start); ok && r.Until <= r.From {
				d.errorf(un, up, "%s is not after from (%s)", formatDuration(r.Until), formatDuration(r.From))
			}
		}
		out = append(out, r)
	}
	return out
}

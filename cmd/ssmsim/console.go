package main

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// The live console: GET /_ssmsim/ui is one server-rendered page — the
// virtual clock with buttons that advance it, the associations with their
// latest executions (the newest one's targets), the alarms and change
// calendars with their state, the first nodes, and the run's charts —
// and GET /_ssmsim/ui/report the run's HTML report (charts included) as it
// stands, which the page embeds, so the charts are drawn again each time
// a button moves the clock.
// Both read the simulation only through the operations the API offers,
// under the server's lock; the buttons call the control API itself. The
// page has no external asset (it works offline) and obeys the control
// API's protections: no page with --no-control, no foreign Origin, and
// with --control-token the token, as the Authorization header or, for a
// browser's address bar, ?token=.

const (
	consolePath       = server.ControlPrefix + "ui"
	consoleReportPath = consolePath + "/report"
	// consoleMaxRecords bounds the history the report analyses under the
	// lock (about a second of work); past it the report is refused.
	consoleMaxRecords = 2_000_000
)

// console serves the console's pages in front of the server's handler.
type console struct {
	srv      *server.Server // the default scope's, which the pages show
	next     http.Handler   // everything else (nil: srv)
	scenario string
	seed     uint64
}

func (c console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != consolePath && r.URL.Path != consoleReportPath {
		if c.next != nil {
			c.next.ServeHTTP(w, r)
		} else {
			c.srv.ServeHTTP(w, r)
		}
		return
	}
	token := r.URL.Query().Get("token")
	if token != "" && r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if err := c.srv.AdmitControl(r); err != nil {
		server.WriteControlError(w, err)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "the console's pages are read with GET", http.StatusMethodNotAllowed)
		return
	}
	var page []byte
	var err error
	if r.URL.Path == consoleReportPath {
		page, err = c.report()
	} else {
		page, err = c.page(token)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page)
}

type consoleAssociation struct {
	Name, ID, Document, Schedule, Status, Counts, Last string
	Executions                                         []consoleExecution
}

type consoleExecution struct {
	ID, Created, Status, Detailed, Counts string
	Targets                               []consoleTarget // of the latest execution: its first page
	MoreTargets                           bool
}

type consoleTarget struct {
	Resource, Status, Detailed string
}

type consoleGate struct {
	Name, State, Next string
}

type consoleNode struct {
	ID, Ping, Platform, Status string
}

type consolePage struct {
	Scenario     string
	Seed         uint64
	Now          string
	Token        string
	Nodes        int
	Associations []consoleAssociation
	More         bool
	Instances    []consoleNode
	Alarms       []consoleGate
	Calendars    []consoleGate
	Errors       []string
}

// page renders the console from the API's own answers.
func (c console) page(token string) ([]byte, error) {
	p := consolePage{Scenario: c.scenario, Seed: c.seed, Token: token}
	c.srv.Do(func(s *sim.Sim) {
		p.Now = s.Now().UTC().Format(time.RFC3339)
		p.Nodes = s.Fleet().Len()
		list, err := s.ListAssociations(model.ListAssociationsInput{MaxResults: 20})
		if err != nil {
			p.Errors = append(p.Errors, err.Error())
			return
		}
		p.More = list.NextToken != ""
		for _, a := range list.Associations {
			ca := consoleAssociation{Name: a.AssociationName, ID: a.AssociationID, Document: a.Name, Schedule: a.ScheduleExpression}
			if a.Overview != nil {
				ca.Status, ca.Counts = a.Overview.DetailedStatus, countsOf(a.Overview.AssociationStatusAggregatedCount)
			}
			if !a.LastExecutionDate.IsZero() {
				ca.Last = a.LastExecutionDate.Time().Format(time.RFC3339)
			}
			ex, err := s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: a.AssociationID, MaxResults: 5})
			if err == nil {
				for i, e := range ex.AssociationExecutions {
					ce := consoleExecution{ID: e.ExecutionID, Status: e.Status, Detailed: e.DetailedStatus, Counts: e.ResourceCountByStatus}
					if !e.CreatedTime.IsZero() {
						ce.Created = e.CreatedTime.Time().Format(time.RFC3339)
					}
					if i == 0 && len(p.Associations) < 5 { // the latest execution's targets, first page
						tg, err := s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{
							AssociationID: a.AssociationID, ExecutionID: e.ExecutionID, MaxResults: 10})
						if err == nil {
							for _, t := range tg.AssociationExecutionTargets {
								ce.Targets = append(ce.Targets, consoleTarget{Resource: t.ResourceID, Status: t.Status, Detailed: t.DetailedStatus})
							}
							ce.MoreTargets = tg.NextToken != ""
						}
					}
					ca.Executions = append(ca.Executions, ce)
				}
			}
			p.Associations = append(p.Associations, ca)
		}
		for _, name := range s.AlarmNames() {
			p.Alarms = append(p.Alarms, consoleGate{Name: name, State: string(s.AlarmState(name))})
		}
		for _, name := range s.CalendarNames() {
			g := consoleGate{Name: name}
			if st, err := s.GetCalendarState(model.GetCalendarStateInput{CalendarNames: []string{name}}); err == nil {
				g.State, g.Next = st.State, st.NextTransitionTime
			}
			p.Calendars = append(p.Calendars, g)
		}
		info, err := s.DescribeInstanceInformation(model.DescribeInstanceInformationInput{MaxResults: 10})
		if err == nil {
			for _, n := range info.InstanceInformationList {
				cn := consoleNode{ID: n.InstanceID, Ping: n.PingStatus, Platform: string(n.PlatformType)}
				if n.AssociationOverview != nil {
					cn.Status = n.AssociationStatus
				}
				p.Instances = append(p.Instances, cn)
			}
		}
	})
	var b bytes.Buffer
	err := consoleTemplate.Execute(&b, p)
	return b.Bytes(), err
}

func countsOf(m map[string]int32) string {
	if len(m) == 0 {
		return ""
	}
	out := ""
	for _, k := range []string{"Success", "Failed", "InProgress", "Pending", "TimedOut", "Cancelled", "Skipped"} {
		if v, ok := m[k]; ok {
			if out != "" {
				out += ", "
			}
			out += fmt.Sprintf("%s %d", k, v)
		}
	}
	return out
}

// report is the run's HTML report as it stands: every association and
// execution the simulation holds, analysed under the lock.
func (c console) report() ([]byte, error) {
	var b bytes.Buffer
	var err error
	c.srv.Do(func(s *sim.Sim) {
		if n := s.RetainedRecords(); n > consoleMaxRecords {
			err = fmt.Errorf("the simulation holds %d target runs, more than the console analyses at once (%d): use ssmsim run --report html, or a retention window", n, consoleMaxRecords)
			return
		}
		ids := s.AssociationIDs()
		meta := reports.Meta{Scenario: c.scenario, Seed: c.seed, Start: s.Config().Start, End: s.Now(), Nodes: s.Fleet().Len()}
		for _, id := range ids {
			d, derr := s.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id})
			if derr != nil {
				err = derr
				return
			}
			a := d.AssociationDescription
			meta.Associations = append(meta.Associations, model.CreateAssociationInput{Name: a.Name, AssociationName: a.AssociationName,
				Targets: a.Targets, MaxConcurrency: a.MaxConcurrency, MaxErrors: a.MaxErrors, Duration: a.Duration})
		}
		run := reports.Analyze(s, meta, ids)
		err = reports.WriteHTML(&b, []reports.RunResult{run}, reports.AggregateRuns([]reports.RunResult{run}))
	})
	return b.Bytes(), err
}

var consoleTemplate = template.Must(template.New("console").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ssmsim console{{if .Scenario}}: {{.Scenario}}{{end}}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 14px; }
th, td { padding: 0.2em 0.7em; text-align: left; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f4f4f4; }
button { margin-right: 0.4em; }
.note { color: #666; font-size: 0.9em; }
.error { color: #a00; }
</style></head><body>
<h1>ssmsim console{{if .Scenario}}: {{.Scenario}}{{end}}</h1>
<p>seed {{.Seed}} · <span id="clock">virtual time {{.Now}}</span> · {{.Nodes}} nodes · <a href="ui/report{{if .Token}}?token={{.Token}}{{end}}">the run's HTML report</a></p>
<p>Advance the clock:
<button onclick="advance(60)">1 minute</button><button onclick="advance(3600)">1 hour</button><button onclick="advance(86400)">1 day</button>
<span id="status" class="error"></span></p>
{{range .Errors}}<p class="error">{{.}}</p>{{end}}
<h2>Associations</h2>
{{if .Associations}}
<table id="associations"><tr><th>name</th><th>document</th><th>schedule</th><th>status</th><th>nodes by status</th><th>last execution</th><th>latest executions</th></tr>
{{range .Associations}}<tr><td>{{if .Name}}{{.Name}}<br>{{end}}<code>{{.ID}}</code></td><td>{{.Document}}</td><td>{{.Schedule}}</td><td>{{.Status}}</td><td>{{.Counts}}</td><td>{{.Last}}</td>
<td>{{range .Executions}}{{.Created}} {{.Status}}{{if .Counts}} {{.Counts}}{{end}}<br>{{if .Targets}}<details><summary>targets of the latest</summary>{{range .Targets}}<code>{{.Resource}}</code> {{.Status}}{{if ne .Detailed .Status}} ({{.Detailed}}){{end}}<br>{{end}}{{if .MoreTargets}}…{{end}}</details>{{end}}{{end}}</td></tr>
{{end}}</table>
{{if .More}}<p class="note">The first 20 associations (ListAssociations' first page).</p>{{end}}
{{else}}<p class="note">No association yet: create one through the AWS API.</p>{{end}}
{{if or .Alarms .Calendars}}<h2>Gates</h2>
<table id="gates"><tr><th>alarm or calendar</th><th>state</th><th>next change</th></tr>
{{range .Alarms}}<tr><td>alarm {{.Name}}</td><td>{{.State}}</td><td></td></tr>
{{end}}{{range .Calendars}}<tr><td>calendar {{.Name}}</td><td>{{.State}}</td><td>{{.Next}}</td></tr>
{{end}}</table>{{end}}
<h2>Nodes</h2>
{{if .Instances}}<table id="nodes"><tr><th>instance</th><th>ping</th><th>platform</th><th>associations</th></tr>
{{range .Instances}}<tr><td><code>{{.ID}}</code></td><td>{{.Ping}}</td><td>{{.Platform}}</td><td>{{.Status}}</td></tr>
{{end}}</table><p class="note">The first nodes (DescribeInstanceInformation's first page).</p>
{{else}}<p class="note">No node yet: add some with POST /_ssmsim/nodes.</p>{{end}}
<h2>Charts</h2>
<p class="note">The run's report as it stands; it is drawn again each time the clock moves (the page reloads).</p>
<iframe id="report" title="the run's HTML report" src="ui/report{{if .Token}}?token={{.Token}}{{end}}" loading="lazy" style="width: 100%; height: 1400px; border: 1px solid #eee;"></iframe>
<script>
const token = {{.Token}};
async function advance(seconds) {
  const headers = {"Content-Type": "application/json"};
  if (token) headers["Authorization"] = "Bearer " + token;
  const r = await fetch("/_ssmsim/advance", {method: "POST", headers: headers, body: JSON.stringify({Seconds: seconds})});
  if (!r.ok) { document.getElementById("status").textContent = await r.text(); return; }
  location.reload();
}
</script>
</body></html>
`))

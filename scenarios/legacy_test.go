package scenarios

// The built-in scenarios as they were Go values before the library moved
// to YAML files, kept to prove that each file builds exactly the same
// simulation (same seed, same documents).

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type legacyScenario struct {
	Name, Description string
	Seed              uint64
	Start             time.Time
	Horizon           time.Duration
	Decisions         sim.Decisions
	Fleet             []sim.NodeGroup
	Associations      []model.CreateAssociationInput
	Calendars         []legacyCalendar
	Alarms            []legacyAlarm
	Waves             []legacyWave
}

type legacyCalendar struct{ Name, Content string }

type legacyAlarm struct {
	At    time.Duration
	Name  string
	State model.AlarmState
}

type legacyWave struct {
	At                             time.Duration
	Join                           *sim.NodeGroup
	TerminateFirst, TerminateCount int
}

// execute is the Build and Execute of those days.
func (sc legacyScenario) execute(t *testing.T, seed uint64) (*sim.Sim, []*model.CreateAssociationOutput) {
	s, err := sim.New(sim.Config{Seed: seed, Start: sc.Start, Decisions: sc.Decisions})
	require.NoError(t, err)
	for _, g := range sc.Fleet {
		_, err := s.AddNodes(g)
		require.NoError(t, err)
	}
	for _, c := range sc.Calendars {
		require.NoError(t, s.AddCalendar(c.Name, []byte(c.Content)))
	}
	start := s.Config().Start
	for _, a := range sc.Alarms {
		require.NoError(t, s.ScheduleAlarmState(start.Add(a.At), a.Name, a.State))
	}
	for _, w := range sc.Waves {
		at := start.Add(w.At)
		if w.Join != nil {
			_, err := s.AddNodesAt(at, *w.Join)
			require.NoError(t, err)
		}
		if w.TerminateCount > 0 {
			nodes := make([]int, w.TerminateCount)
			for j := range nodes {
				nodes[j] = w.TerminateFirst + j
			}
			require.NoError(t, s.TerminateNodesAt(at, nodes))
		}
	}
	var created []*model.CreateAssociationOutput
	for _, in := range sc.Associations {
		out, err := s.CreateAssociation(in)
		require.NoError(t, err)
		created = append(created, out)
	}
	if sc.Horizon > 0 {
		s.RunToHorizon(start.Add(sc.Horizon))
	} else {
		s.Run()
	}
	return s, created
}

// TestBuiltins_SameSimulationAsTheGoValues runs each built-in both ways, with
// its own seed and another, and compares every execution and every API
// document.
func TestBuiltins_SameSimulationAsTheGoValues(t *testing.T) {
	legacy := map[string]func() legacyScenario{
		"default": legacyDefault, "patch-tuesday": legacyPatchTuesday, "alarm-stop": legacyAlarmStop,
		"autoscaling": legacyAutoscaling, "weekend-freeze": legacyWeekendFreeze,
	}
	for _, name := range []string{"alarm-stop", "autoscaling", "default", "patch-tuesday", "weekend-freeze"} {
		t.Run(name, func(t *testing.T) {
			old := legacy[name]()
			sc, ok := Builtin(name)
			require.True(t, ok)
			assert.Equal(t, old.Name, sc.Name)
			assert.Equal(t, old.Description, sc.Description)
			assert.Equal(t, old.Seed, sc.Seed)
			assert.Equal(t, old.Horizon, sc.Horizon)
			assert.Equal(t, old.Associations, sc.Associations)
			for _, seed := range []uint64{old.Seed, 7} {
				want, wantCreated := old.execute(t, seed)
				r, err := sc.Execute(seed, nil)
				require.NoError(t, err)
				assert.Equal(t, want.Now(), r.Sim.Now())
				assert.Equal(t, want.Events(), r.Sim.Events())
				require.Equal(t, want.Executions(), r.Sim.Executions())
				assert.Equal(t, wantCreated, r.Created)
				wantDocs := documents(t, want, wantCreated)
				gotDocs := documents(t, r.Sim, r.Created)
				require.Equal(t, len(wantDocs), len(gotDocs))
				for i := range wantDocs {
					require.Equal(t, wantDocs[i].Path, gotDocs[i].Path)
					require.True(t, bytes.Equal(wantDocs[i].Body, gotDocs[i].Body), "%s differs", wantDocs[i].Path)
				}
				for _, c := range old.Calendars {
					a, err := want.DescribeDocument(model.DescribeDocumentInput{Name: c.Name})
					require.NoError(t, err)
					b, err := r.Sim.DescribeDocument(model.DescribeDocumentInput{Name: c.Name})
					require.NoError(t, err)
					ja, _ := json.Marshal(a)
					jb, _ := json.Marshal(b)
					assert.JSONEq(t, string(ja), string(jb))
				}
			}
		})
	}
}

func documents(t *testing.T, s *sim.Sim, created []*model.CreateAssociationOutput) []reports.Document {
	nodes := make([]string, s.Fleet().Len())
	for n := range nodes {
		nodes[n] = s.Fleet().ID(n)
	}
	docs, err := reports.Documents(s, created, nodes)
	require.NoError(t, err)
	return docs
}

var legacyInventory = sim.Behavior{Name: "inventory", Duration: sim.LogNormal(20*time.Second, 0.5), FailureProbability: 0.005}

// PatchTuesday patches 2,000 Windows nodes on the Sunday after the second
// Thursday of each month (cron THU#2 with ScheduleOffset 3), inside a
// 4-hour Duration window, for six months.
func legacyPatchTuesday() legacyScenario {
	return legacyScenario{
		Name:        "patch-tuesday",
		Description: "2,000 Windows nodes patched the Sunday after each second Thursday (ScheduleOffset 3), 4-hour Duration, 6 months",
		Seed:        1,
		Horizon:     183 * 24 * time.Hour,
		Fleet: []sim.NodeGroup{{
			Count: 2000, Platform: model.PlatformWindows,
			Tags:     []model.Tag{{Key: "PatchGroup", Value: "windows-prod"}},
			Behavior: sim.Behavior{Name: "windows-patch", Duration: sim.LogNormal(25*time.Minute, 0.7), FailureProbability: 0.02, TimeoutProbability: 0.01, Timeout: 2 * time.Hour},
		}},
		Associations: []model.CreateAssociationInput{{
			Name: "AWS-RunPatchBaseline", AssociationName: "patch-windows-prod",
			Parameters:         map[string][]string{"Operation": {"Install"}},
			Targets:            []model.Target{{Key: "tag:PatchGroup", Values: []string{"windows-prod"}}},
			ScheduleExpression: "cron(0 2 ? * THU#2 *)", ScheduleOffset: 3, ApplyOnlyAtCronInterval: true, Duration: 4,
			MaxConcurrency: "10%", MaxErrors: "5%",
		}},
	}
}

// AlarmStop rolls out to 1,000 nodes while a CloudWatch alarm goes into
// ALARM twelve minutes in: dispatch stops, in-flight runs finish.
func legacyAlarmStop() legacyScenario {
	return legacyScenario{
		Name:        "alarm-stop",
		Description: "1,000-node rollout stopped by a CloudWatch alarm entering ALARM 12 minutes in",
		Seed:        1,
		Fleet: []sim.NodeGroup{{
			Count: 1000, Tags: []model.Tag{{Key: "Environment", Value: "production"}},
			Behavior: sim.Behavior{Name: "linux-deploy", Duration: sim.LogNormal(90*time.Second, 0.5), FailureProbability: 0.01},
		}},
		Associations: []model.CreateAssociationInput{{
			Name: "AWS-RunShellScript", AssociationName: "deploy-v2",
			Parameters:         map[string][]string{"commands": {"/opt/deploy.sh v2"}},
			Targets:            []model.Target{{Key: "tag:Environment", Values: []string{"production"}}},
			MaxConcurrency:     "5%",
			AlarmConfiguration: &model.AlarmConfiguration{Alarms: []model.Alarm{{Name: "p99-latency-high"}}},
		}},
		Alarms: []legacyAlarm{
			{At: 0, Name: "p99-latency-high", State: model.AlarmStateOK},
			{At: 12 * time.Minute, Name: "p99-latency-high", State: model.AlarmStateAlarm},
		},
	}
}

// Autoscaling runs an inventory association every 30 minutes over a day
// while an autoscaling group grows in waves and old nodes are terminated.
func legacyAutoscaling() legacyScenario {
	web := func(n int) *sim.NodeGroup {
		return &sim.NodeGroup{Count: n, Tags: []model.Tag{{Key: "aws:autoscaling:groupName", Value: "web"}}, Behavior: legacyInventory}
	}
	return legacyScenario{
		Name:        "autoscaling",
		Description: "inventory every 30 minutes for a day on an autoscaling group growing from 200 to 800 nodes, with terminations",
		Seed:        1,
		Horizon:     24 * time.Hour,
		Fleet:       []sim.NodeGroup{*web(200)},
		Associations: []model.CreateAssociationInput{{
			Name: "AWS-GatherSoftwareInventory", AssociationName: "inventory-web",
			Targets:            []model.Target{{Key: "tag:aws:autoscaling:groupName", Values: []string{"web"}}},
			ScheduleExpression: "rate(30 minutes)", MaxConcurrency: "20%", MaxErrors: "10%",
		}},
		Waves: []legacyWave{
			{At: 7*time.Hour + 50*time.Minute, Join: web(200)},
			{At: 8*time.Hour + 5*time.Minute, Join: web(200)},
			{At: 12 * time.Hour, Join: web(200)},
			{At: 20 * time.Hour, TerminateFirst: 200, TerminateCount: 400},
		},
	}
}

// legacyWeekendFreezeCalendar is a DEFAULT_OPEN Change Calendar closed from
// Friday 18:00 to Monday 06:00 UTC every week.
const legacyWeekendFreezeCalendar = `BEGIN:VCALENDAR
PRODID:-//AWS//Change Calendar 1.0//EN
VERSION:2.0
X-CALENDAR-TYPE:DEFAULT_OPEN
X-WR-CALDESC:Weekend change freeze
BEGIN:VEVENT
UID:weekend-freeze-1
DTSTAMP:20231201T000000Z
SUMMARY:Weekend change freeze
DTSTART:20231229T180000Z
DTEND:20240101T060000Z
RRULE:FREQ=WEEKLY;BYDAY=FR
END:VEVENT
END:VCALENDAR
`

// WeekendFreeze runs a configuration association every 4 hours for four
// weeks behind a weekend change freeze: runs due while it is closed are
// recorded as Skipped.
func legacyWeekendFreeze() legacyScenario {
	return legacyScenario{
		Name:        "weekend-freeze",
		Description: "500 nodes configured every 4 hours for 4 weeks behind a Friday-18:00-to-Monday-06:00 change freeze",
		Seed:        1,
		Horizon:     28 * 24 * time.Hour,
		Fleet: []sim.NodeGroup{{
			Count: 500, Tags: []model.Tag{{Key: "Role", Value: "app"}},
			Behavior: sim.Behavior{Name: "configure", Duration: sim.LogNormal(45*time.Second, 0.4), FailureProbability: 0.01},
		}},
		Calendars: []legacyCalendar{{Name: "weekend-freeze", Content: legacyWeekendFreezeCalendar}},
		Associations: []model.CreateAssociationInput{{
			Name: "AWS-ConfigureAWSPackage", AssociationName: "configure-app",
			Parameters:         map[string][]string{"action": {"Install"}, "name": {"AmazonCloudWatchAgent"}},
			Targets:            []model.Target{{Key: "tag:Role", Values: []string{"app"}}},
			ScheduleExpression: "cron(0 */4 * * ? *)", ApplyOnlyAtCronInterval: true,
			MaxConcurrency: "25%", MaxErrors: "5%", CalendarNames: []string{"weekend-freeze"},
		}},
	}
}

// Default is the built-in default scenario: a 1,000-node production fleet
// patched by one association at MaxConcurrency 10% and MaxErrors 5%, with
// 2% of runs failing and lognormal run times around a minute.
func legacyDefault() legacyScenario {
	return legacyScenario{
		Name:        "default",
		Description: "1,000 nodes, one association, MaxConcurrency 10%, MaxErrors 5%, 2% failures, lognormal run times",
		Seed:        1,
		Fleet: []sim.NodeGroup{{
			Count:    1000,
			Tags:     []model.Tag{{Key: "Environment", Value: "production"}},
			Platform: model.PlatformLinux,
			Behavior: sim.Behavior{
				Name:               "linux-patch",
				Duration:           sim.LogNormal(60*time.Second, 0.5),
				FailureProbability: 0.02,
			},
		}},
		Associations: []model.CreateAssociationInput{{
			Name:            "AWS-RunShellScript",
			AssociationName: "patch-production",
			Parameters:      map[string][]string{"commands": {"sudo yum -y update"}},
			Targets:         []model.Target{{Key: "tag:Environment", Values: []string{"production"}}},
			MaxConcurrency:  "10%",
			MaxErrors:       "5%",
		}},
	}
}

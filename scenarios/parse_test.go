package scenarios

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// valid is a minimal valid file the bad files below extend.
const valid = `version: 1
fleet:
  - count: 10
    tags: {env: prod}
associations:
  - Name: AWS-RunShellScript
    Parameters: {commands: [x]}
    Targets: [{Key: "tag:env", Values: [prod]}]
`

func TestParse_Valid(t *testing.T) {
	sc, err := Parse("scenarios/valid.yaml", []byte(valid))
	require.NoError(t, err)
	assert.Equal(t, "valid", sc.Name, "the file's base name")
	assert.Equal(t, 10, sc.Nodes())
	assert.Equal(t, []model.Tag{{Key: "env", Value: "prod"}}, sc.Fleet[0].Tags)
}

func TestParse_BadFiles(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"missing version", "name: x\n", "bad.yaml:1: version: missing (this ssmsim reads version: 1)"},
		{"unknown version", "version: 2\nfleet: whatever\n", "bad.yaml:1: version: unsupported version 2 (this ssmsim reads version: 1)"},
		{"version as a string", "version: \"1\"\n", `bad.yaml:1: version: want 1, got "1"`},
		{"empty file", "# nothing\n", "bad.yaml:1: the file is empty (want a mapping starting with version: 1)"},
		{"not a mapping", "[1, 2]\n", "bad.yaml:1: want a mapping starting with version: 1, got a list"},
		{"bad YAML syntax", "version: 1\nfleet: [\n", "bad.yaml:2: did not find expected node content"},
		{"tab indentation", "version: 1\nfleet:\n\t- count: 1\n", "bad.yaml:3: a tab in the indentation: YAML indents with spaces only"},
		{"two documents", "version: 1\n---\nversion: 1\n", "bad.yaml:2: a scenario file holds one YAML document, not several"},
		{"duplicate key", "version: 1\nname: a\nname: b\n", "bad.yaml:3: name: duplicate key (first at line 2)"},
		{"unknown field", "version: 1\nfleet:\n  - count: 10\n    colour: red\n",
			"bad.yaml:4: fleet[0].colour: unknown field (want one of count, kind, platform, tags, behavior, join, leave, offline, retag)"},
		{"unknown top-level field", "version: 1\nfleets: []\n",
			"bad.yaml:2: fleets: unknown field: did you mean fleet? (want one of version, name, description, seed, start, horizon, decisions, fleet, documents, alarms, associations, actions, faults)"},
		{"unknown API member", valid + "    MaxConcurency: 10%\n",
			"bad.yaml:9: associations[0].MaxConcurency: unknown field: did you mean MaxConcurrency? (want one of Name, DocumentVersion, InstanceId, Parameters, Targets, ScheduleExpression, OutputLocation, AssociationName, AutomationTargetParameterName, MaxErrors, MaxConcurrency, ComplianceSeverity, SyncCompliance, ApplyOnlyAtCronInterval, CalendarNames, TargetLocations, ScheduleOffset, Duration, TargetMaps, Tags, AlarmConfiguration, AssociationDispatchAssumeRole)"},
		{"wrong type", "version: 1\nfleet:\n  - count: ten\n", `bad.yaml:3: fleet[0].count: want an integer, got "ten"`},
		{"wrong type in a list", valid + "    CalendarNames: freeze\n", `bad.yaml:9: associations[0].CalendarNames: want a list, got "freeze"`},
		{"boolean for a string", "version: 1\nname: yes\ndescription: true\n", "bad.yaml:3: description: want a string, got the boolean true (quote it)"},
		{"negative count", "version: 1\nfleet:\n  - count: -1\n", "bad.yaml:3: fleet[0].count: -1 is negative"},
		{"missing count", "version: 1\nfleet:\n  - tags: {a: b}\n", "bad.yaml:3: fleet[0].count: missing"},
		{"bad probability", "version: 1\nfleet:\n  - count: 1\n  - count: 1\n    behavior:\n      failure: 1.5\n", "bad.yaml:6: fleet[1].behavior.failure: 1.5 is not a probability"},
		{"probabilities over 1", "version: 1\nfleet:\n  - count: 1\n    behavior: {failure: 0.6, timeout: 0.6}\n",
			"bad.yaml:4: fleet[0].behavior: failure (0.6) and timeout (0.6) probabilities add up to more than 1"},
		{"bad duration", "version: 1\nfleet:\n  - count: 1\n    behavior:\n      duration: {kind: fixed, mean: 5 minutes}\n",
			`bad.yaml:5: fleet[0].behavior.duration.mean: "5 minutes" is not a duration (like 90s, 2h30m or 30d)`},
		{"negative duration", "version: 1\nhorizon: -5h\n", `bad.yaml:2: horizon: "-5h" is negative: a scenario's durations are lengths, or offsets forward from the start`},
		{"not a duration", "version: 1\nhorizon: -5 hours\n", `bad.yaml:2: horizon: "-5 hours" is not a duration (like 90s, 2h30m or 30d)`},
		// Issue 13 item 10: a misspelling names what was meant.
		{"British spelling", "version: 1\nfleet:\n  - count: 10\n    behaviour: {failure: 0.1}\n",
			"bad.yaml:4: fleet[0].behaviour: unknown field: did you mean behavior? (want one of count, kind, platform, tags, behavior, join, leave, offline, retag)"},
		{"bad distribution", "version: 1\nfleet:\n  - count: 1\n    behavior:\n      duration: {kind: uniform, min: 2m, max: 1m}\n",
			"bad.yaml:5: fleet[0].behavior.duration: uniform distribution: need 0 <= min (2m0s) <= max (1m0s)"},
		{"parameter of another distribution", "version: 1\nfleet:\n  - count: 1\n    behavior:\n      duration: {kind: fixed, mean: 1m, sigma: 2}\n",
			"bad.yaml:5: fleet[0].behavior.duration.sigma: a fixed distribution has no sigma (it takes mean)"},
		{"bad enum", "version: 1\nfleet:\n  - count: 1\n    behavior: {override: sometimes-fail}\n",
			`bad.yaml:4: fleet[0].behavior.override: "sometimes-fail" is not one of none, always-fail, always-succeed, offline`},
		{"bad MaxConcurrency", valid + "    MaxConcurrency: 0\n",
			`bad.yaml:9: associations[0].MaxConcurrency: "0" is not a MaxConcurrency (a count from 1, or a percentage from 1% to 100%)`},
		{"bad MaxErrors", valid + "    MaxErrors: 200%\n",
			`bad.yaml:9: associations[0].MaxErrors: "200%" is not a MaxErrors (a count from 0, or a percentage from 0% to 100%)`},
		{"bad schedule", "version: 1\nhorizon: 1d\n" + valid[len("version: 1\n"):] + "    ScheduleExpression: rate(5 minutes)\n",
			"bad.yaml:10: associations[0].ScheduleExpression: rate(5 minutes): a rate must be at least 30 minutes for associations"},
		{"schedule without a horizon", valid + "    ScheduleExpression: rate(1 hour)\n",
			"bad.yaml:9: associations[0].ScheduleExpression: a scheduled association runs forever: set the scenario's horizon"},
		{"bad compliance severity", valid + "    ComplianceSeverity: SEVERE\n",
			`bad.yaml:9: associations[0].ComplianceSeverity: "SEVERE" is not one of CRITICAL, HIGH, MEDIUM, LOW, UNSPECIFIED`},
		{"unknown calendar", valid + "    CalendarNames: [office-hours]\n",
			`bad.yaml:9: associations[0].CalendarNames[0]: no Change Calendar named "office-hours" among the documents (the documents declare no Change Calendar)`},
		{"unknown document", strings.Replace(valid, "AWS-RunShellScript", "AWS-RunBashScript", 1),
			"bad.yaml:6: associations[0].Name: InvalidDocument: Document AWS-RunBashScript does not exist in your account."},
		{"parameter the document lacks", strings.Replace(valid, "commands: [x]", "command: [x]", 1),
			`bad.yaml:7: associations[0].Parameters: InvalidParameters: Parameter "command" is not defined in document AWS-RunShellScript.`},
		{"no targets", "version: 1\nassociations:\n  - Name: AWS-RunShellScript\n    Parameters: {commands: [x]}\n",
			"bad.yaml:3: associations[0]: InvalidTarget: Targets must be specified."},
		{"InstanceId", valid + "    InstanceId: i-0123456789abcdef0\n",
			"bad.yaml:9: associations[0].InstanceId: names a node by its ID, which depends on the seed: use Targets"},
		{"bad start", "version: 1\nstart: 2024-13-01T00:00:00Z\n", `bad.yaml:2: start: "2024-13-01T00:00:00Z" is not an RFC 3339 time (like 2024-01-01T00:00:00Z)`},
		{"bad time", valid + "actions:\n  - at: noon\n    DeleteAssociation: {AssociationId: 0}\n",
			`bad.yaml:10: actions[0].at: "noon" is not a duration (like 90s, 2h30m or 30d)`},
		{"time before the start", valid + "actions:\n  - at: 2023-12-31T23:00:00Z\n    DeleteAssociation: {AssociationId: 0}\n",
			"bad.yaml:10: actions[0].at: 2023-12-31T23:00:00Z is before the start (2024-01-01T00:00:00Z)"},
		{"actions out of order", valid + "actions:\n  - at: 2h\n    StartAssociationsOnce: {AssociationIds: [0]}\n  - at: 1h\n    StartAssociationsOnce: {AssociationIds: [0]}\n",
			"bad.yaml:12: actions[1].at: 1h is before the previous action's 2h: list actions in time order"},
		{"action on a missing association (name)", valid + "actions:\n  - at: 1h\n    StartAssociationsOnce: {AssociationIds: [patch]}\n",
			`bad.yaml:11: actions[0].StartAssociationsOnce.AssociationIds[0]: no association is named "patch" (none has an AssociationName); refer to one by AssociationName or index`},
		{"action on a missing association (index)", valid + "actions:\n  - at: 1h\n    DeleteAssociation: {AssociationId: 1}\n",
			"bad.yaml:11: actions[0].DeleteAssociation.AssociationId: there is no associations[1] (1 association)"},
		{"action on a deleted association", valid + "actions:\n  - at: 1h\n    DeleteAssociation: {AssociationId: 0}\n  - at: 2h\n    UpdateAssociation: {AssociationId: 0, MaxConcurrency: 5%}\n",
			"bad.yaml:13: actions[1].UpdateAssociation: AssociationDoesNotExist: Association with id 8aeff7d7-828a-40bf-adc4-84fb13c172d7 does not exist."},
		{"two operations in one action", valid + "actions:\n  - at: 1h\n    DeleteAssociation: {AssociationId: 0}\n    StartAssociationsOnce: {AssociationIds: [0]}\n",
			"bad.yaml:10: actions[0]: want one of StartAssociationsOnce, UpdateAssociation, DeleteAssociation, got 2"},
		{"file that does not exist", valid + "documents:\n  - Name: freeze\n    file: testdata/files/nope.ics\n",
			"bad.yaml:11: documents[0].file: cannot read testdata/files/nope.ics: no such file or directory"},
		{"bad calendar file", valid + "documents:\n  - Name: freeze\n    file: testdata/files/bad-calendar.ics\n",
			"testdata/files/bad-calendar.ics:1: documents[0]: VCALENDAR has no X-CALENDAR-TYPE (want DEFAULT_OPEN or DEFAULT_CLOSED)"},
		{"bad inline calendar", valid + "documents:\n  - Name: freeze\n    DocumentType: ChangeCalendar\n    Content: |\n      BEGIN:VCALENDAR\n      VERSION:2.0\n      X-CALENDAR-TYPE:DEFAULT_SHUT\n      END:VCALENDAR\n",
			`bad.yaml:15: documents[0].Content: X-CALENDAR-TYPE "DEFAULT_SHUT": want DEFAULT_OPEN or DEFAULT_CLOSED`},
		{"bad Command document", valid + "documents:\n  - Name: hello\n    Content: '{\"schemaVersion\": \"3.0\"}'\n",
			"bad.yaml:11: documents[0].Content: InvalidDocumentSchemaVersion: schemaVersion must be 1.2, 2.0 or 2.2 for a Command document"},
		{"node that has not joined", "version: 1\nfleet:\n  - count: 10\n    join: [{at: 2h, count: 5}]\n    leave: [{at: 1h, first: 8, count: 4}]\n",
			"bad.yaml:5: fleet[0].leave[0].count: node 11 has not joined by 1h (the group has 10 nodes then)"},
		{"node leaving twice", "version: 1\nfleet:\n  - count: 10\n    leave: [{at: 1h, count: 5}, {at: 2h, first: 4, count: 2}]\n",
			"bad.yaml:4: fleet[0].leave[1]: node 4 already leaves in fleet[0].leave[0]"},
		{"bad alarm state", "version: 1\nalarms:\n  - name: a\n    states: [{at: 0s, state: RED}]\n",
			`bad.yaml:4: alarms[0].states[0].state: "RED" is not one of OK, ALARM, INSUFFICIENT_DATA`},
		{"bad rounding", "version: 1\ndecisions: {concurrencyRounding: sideways}\n", `bad.yaml:2: decisions.concurrencyRounding: "sideways" is not one of up, down, nearest`},
		{"zero retention", "version: 1\ndecisions:\n  retention: 0s\n", `bad.yaml:3: decisions.retention: retention must be longer than 0 (leave it out to keep every execution)`},
		{"bad retention", "version: 1\ndecisions:\n  retention: soon\n", `bad.yaml:3: decisions.retention: "soon" is not a duration (like 90s, 2h30m or 30d)`},
		{"merge key", "version: 1\nfleet:\n  - <<: {count: 1}\n", "bad.yaml:3: fleet[0].<<: merge keys (<<) are not supported"},
		{"JSON", `{"version": 1, "fleet": [{"count": 3, "colour": 1}]}`,
			"bad.yaml:1: fleet[0].colour: unknown field (want one of count, kind, platform, tags, behavior, join, leave, offline, retag)"},
		{"several problems", "version: 1\nseed: -1\nfleet:\n  - count: 1\n    behavior: {failure: 2, timeout: -1}\n",
			"bad.yaml:2: seed: want an integer from 0 to 18446744073709551615, got the number -1\n" +
				"bad.yaml:5: fleet[0].behavior.failure: 2 is not a probability\n" +
				"bad.yaml:5: fleet[0].behavior.timeout: -1 is not a probability"},
		// Issue 13 item 10: in file order, whatever order the fields are
		// checked in.
		{"problems in file order", "version: 1\nhorizon: soon\nfleet:\n  - count: 1\n    colour: red\nseed: -1\n",
			"bad.yaml:2: horizon: \"soon\" is not a duration (like 90s, 2h30m or 30d)\n" +
				"bad.yaml:5: fleet[0].colour: unknown field (want one of count, kind, platform, tags, behavior, join, leave, offline, retag)\n" +
				"bad.yaml:6: seed: want an integer from 0 to 18446744073709551615, got the number -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.src))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var fe *FileError
			assert.True(t, errors.As(err, &fe), "a *FileError, alone or in an ErrorList")
			assert.Equal(t, strings.Count(tt.want, "\n")+1, len(Problems(err)))
		})
	}
}

func TestParse_ValuesAndDefaults(t *testing.T) {
	src := `version: 1
name: ~
description: 3
seed: 18446744073709551615
start: 2024-06-01T12:00:00+02:00
horizon: 1d12h
fleet:
  - count: 0
    kind: managed
    join:
      - {at: 0, count: 2}
      - {at: 2024-06-01T11:00:00Z, count: 3}
    offline: [{from: 90m, nodes: [4, 0]}]
    retag: [{at: 1h, count: 1, tags: {}}]
associations:
  - Name: AWS-RunShellScript
    Parameters: {commands: [x]}
    Targets: [{Key: InstanceIds, Values: ["*"]}]
    MaxErrors: 3
    ScheduleExpression: rate(1 day)
`
	sc, err := Parse("dir/values.yml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, "values", sc.Name, "null is absent")
	assert.Equal(t, "3", sc.Description, "a number where a string goes is taken as written")
	assert.Equal(t, uint64(1<<64-1), sc.Seed)
	assert.Equal(t, time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC), sc.Start)
	assert.Equal(t, 36*time.Hour, sc.Horizon)
	assert.Equal(t, []Join{{At: 0, Count: 2}, {At: time.Hour, Count: 3}}, sc.Fleet[0].Join)
	assert.Equal(t, []Offline{{From: 90 * time.Minute, Nodes: Nodes{List: []int{4, 0}}}}, sc.Fleet[0].Offline)
	assert.Equal(t, []Retag{{At: time.Hour, Nodes: Nodes{Count: 1}}}, sc.Fleet[0].Retag)
	assert.Equal(t, sim.KindManaged, sc.Fleet[0].Kind)
	assert.Equal(t, "3", sc.Associations[0].MaxErrors)

	r, err := sc.Execute(1, nil)
	require.NoError(t, err)
	assert.Equal(t, 5, r.Sim.Fleet().Len())
	assert.True(t, strings.HasPrefix(r.Sim.Fleet().ID(0), "mi-"))
	assert.Empty(t, r.Sim.Fleet().Tags(0), "retagged to none")
	assert.False(t, r.Sim.Fleet().Online(0), "offline for good")
}

func TestLoad_FileReferences(t *testing.T) {
	sc, err := Load("testdata/files/with-files.yaml")
	require.NoError(t, err)
	assert.Equal(t, "with-files", sc.Name)
	require.Len(t, sc.Documents, 2)
	assert.Equal(t, "ChangeCalendar", sc.Documents[0].DocumentType, "from the .ics extension")
	assert.Equal(t, "YAML", sc.Documents[1].DocumentFormat, "from the .yaml extension")
	ics, _ := os.ReadFile("testdata/files/freeze.ics")
	assert.Equal(t, string(ics), sc.Documents[0].Content)
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	var ran, skipped int
	for _, e := range r.Sim.Executions() {
		if e.Status == "Skipped" {
			skipped++
		} else {
			ran++
			h := e.Created.Hour()
			assert.True(t, h >= 8 && h < 12, "only while the calendar is open: %s", e.Created)
		}
	}
	assert.Equal(t, 4, ran, "08:00 and 10:00 on each of two days")
	assert.Positive(t, skipped)

	_, err = Load("testdata/files/missing.yaml")
	assert.EqualError(t, err, "testdata/files/missing.yaml: no such file or directory")
	_, err = Load("testdata/files")
	assert.EqualError(t, err, "testdata/files: testdata/files is not a regular file")
}

func TestExecute_ActionsAndFleetChanges(t *testing.T) {
	src := valid + `    AssociationName: app
    MaxConcurrency: "5"
  - Name: AWS-RunShellScript
    AssociationName: other
    Parameters: {commands: [y]}
    Targets: [{Key: "tag:env", Values: [staging]}]
fleet:
  - count: 0
`
	src = strings.Replace(src, "fleet:\n  - count: 10\n    tags: {env: prod}\n", `fleet:
  - count: 10
    tags: {env: prod}
    behavior: {duration: {kind: fixed, mean: 1m}}
    offline: [{from: 90m, to: 3h, count: 2}]
    retag: [{at: 4h, first: 8, count: 2, tags: {env: staging}}]
`, 1)
	src = strings.Replace(src, "fleet:\n  - count: 0\n", `actions:
  - at: 1h
    StartAssociationsOnce: {AssociationIds: [app, 1]}
  - at: 2h
    StartAssociationsOnce: {AssociationIds: [0]}
  - at: 2024-01-01T05:00:00Z
    UpdateAssociation: {AssociationId: app, Parameters: {commands: [z]}, Targets: [{Key: "tag:env", Values: [prod]}]}
  - at: 6h
    DeleteAssociation: {AssociationId: other}
  - at: 7h
    StartAssociationsOnce: {AssociationIds: [app]}
`, 1)
	sc, err := Parse("actions.yaml", []byte(src))
	require.NoError(t, err)
	require.Len(t, sc.Actions, 5)
	assert.Equal(t, Action{At: time.Hour, Op: OpStartAssociationsOnce, Associations: []int{0, 1}}, sc.Actions[0])
	r, err := sc.Execute(1, nil)
	require.NoError(t, err)
	type run struct {
		assoc   string
		at      time.Duration
		trigger string
		targets int
		undeliv int
	}
	var got []run
	names := map[string]string{r.Created[0].AssociationDescription.AssociationID: "app", r.Created[1].AssociationDescription.AssociationID: "other"}
	for _, e := range r.Sim.Executions() {
		got = append(got, run{names[e.AssociationID], e.Created.Sub(sim.DefaultStart()), e.Trigger, e.Targets, e.Counts.Undeliverable})
	}
	assert.Equal(t, []run{
		{"app", 0, "create", 10, 0},
		{"other", 0, "create", 0, 0},
		{"app", time.Hour, "manual", 10, 0},
		{"other", time.Hour, "manual", 0, 0},
		{"app", 2 * time.Hour, "manual", 10, 2},         // two nodes offline
		{"app", 3 * time.Hour, "target-change", 2, 0},   // back online after missing a run
		{"other", 4 * time.Hour, "target-change", 2, 0}, // retagged into its targets
		{"app", 5 * time.Hour, "update", 8, 0},
		{"app", 7 * time.Hour, "manual", 8, 0}, // "other" was deleted at 6h
	}, got)
}

func TestBuiltin_MaxErrorsExamples(t *testing.T) {
	sc, ok := Builtin("maxerrors-examples")
	require.True(t, ok)
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ex := r.Sim.Executions()
	require.Len(t, ex, 3)
	for i, want := range []struct{ threshold, dispatched int }{{3, 4}, {0, 1}, {5, 6}} {
		assert.Equal(t, want.threshold, ex[i].Threshold, sc.Associations[i].AssociationName)
		assert.Equal(t, want.dispatched, ex[i].Dispatched, "stops once errors exceed the threshold")
		assert.Equal(t, want.dispatched, ex[i].Counts.Failed)
		assert.Equal(t, sim.StopMaxErrors, ex[i].Stop)
	}
}

func TestBuiltin_Fleet100k(t *testing.T) {
	sc, ok := Builtin("fleet-100k")
	require.True(t, ok)
	assert.Equal(t, 100_000, sc.Nodes())
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ex := r.Sim.Executions()
	require.Len(t, ex, 1)
	assert.Equal(t, 100_000, ex[0].Targets)
	assert.Equal(t, 10_000, ex[0].Concurrency)
	assert.True(t, ex[0].Done)
}

func TestBuiltins_Source(t *testing.T) {
	for _, n := range Names() {
		src, ok := Source(n)
		require.True(t, ok)
		sc, err := Parse(n+".yaml", src)
		require.NoError(t, err)
		assert.Equal(t, n, sc.Name)
		assert.NotEmpty(t, sc.Description)
		assert.NotContains(t, sc.Description, "\n")
	}
	_, ok := Source("nope")
	assert.False(t, ok)
}

// behavior.pickup: the delay before a node's agent picks a run up, a
// distribution like duration; it round-trips through Marshal.
func TestParse_BehaviorPickup(t *testing.T) {
	src := `version: 1
fleet:
  - count: 2
    behavior:
      duration: {kind: fixed, mean: 1m}
      pickup: {kind: uniform, min: 1s, max: 5s}
associations:
  - Name: AWS-UpdateSSMAgent
    Targets: [{Key: InstanceIds, Values: ["*"]}]
`
	sc, err := Parse("pickup.yaml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, sim.Uniform(time.Second, 5*time.Second), sc.Fleet[0].Behavior.Pickup)
	out, err := sc.Marshal()
	require.NoError(t, err)
	again, err := Parse("pickup.yaml", out)
	require.NoError(t, err)
	assert.Equal(t, sc.Fleet[0].Behavior, again.Fleet[0].Behavior)
	_, err = Parse("bad.yaml", []byte(strings.Replace(src, "min: 1s, max: 5s", "min: 5s, max: 1s", 1)))
	assert.ErrorContains(t, err, "pickup")
}

// No problem hides another (issue: a bad rate(1 days) hid every calendar
// error until it was fixed): the dry run checks the parts that decoded
// cleanly, so one validate lists the schedule, the calendar and the bad
// second association together, and a calendar with problems of its own
// is still declared (no made-up "not a Change Calendar" for the
// association that names it).
func TestParse_NoProblemHidesAnother(t *testing.T) {
	src := `version: 1
horizon: 2d
fleet:
  - count: 10
    tags: {env: prod}
documents:
  - Name: freeze
    DocumentType: ChangeCalendar
    DocumentFormat: TEXT
    Content: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
associations:
  - Name: AWS-RunShellScript
    Parameters: {commands: [x]}
    Targets: [{Key: "tag:env", Values: [prod]}]
    ScheduleExpression: rate(1 days)
    CalendarNames: [freeze]
  - Name: AWS-NoSuchDocument
    Targets: [{Key: "tag:env", Values: [prod]}]
`
	_, err := Parse("bad.yaml", []byte(src))
	require.Error(t, err)
	msg := err.Error()
	t.Log(msg)
	assert.Contains(t, msg, "bad.yaml:10: documents[0].Content", "the calendar's own problem")
	assert.Contains(t, msg, "bad.yaml:15: associations[0].ScheduleExpression", "the schedule")
	assert.Contains(t, msg, "bad.yaml:17: associations[1]", "the other association, which the API refuses")
	assert.NotContains(t, msg, "not a Change Calendar", "the broken calendar is still declared")
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	assert.Len(t, lines, 3, "one line per problem")
}

// The faults section: rules serve injects into its clients' AWS calls,
// checked where they are written, and kept by Marshal.
func TestParse_Faults(t *testing.T) {
	src := valid + `faults:
  - operations: [ListAssociations, DescribeAssociation]
    probability: 0.25
    fault: InternalServerError
    from: 1h
    until: 2h
  - everyNth: 3
    fault: latency
    latencyMs: 500
`
	sc, err := Parse("faults.yaml", []byte(src))
	require.NoError(t, err)
	require.Len(t, sc.Faults, 2)
	assert.Equal(t, Fault{Operations: []string{"ListAssociations", "DescribeAssociation"}, Probability: 0.25, Fault: "InternalServerError", From: time.Hour, Until: 2 * time.Hour}, sc.Faults[0])
	assert.Equal(t, "ListAssociations, DescribeAssociation: InternalServerError, 25% of calls, from 1h until 2h", sc.Faults[0].String())
	assert.Equal(t, "every operation: latency 500 ms, every 3 call(s), from 0s", sc.Faults[1].String())
	out, err := sc.Marshal()
	require.NoError(t, err)
	again, err := Parse("faults.yaml", out)
	require.NoError(t, err)
	assert.Equal(t, sc.Faults, again.Faults, "Marshal keeps the faults")

	for name, c := range map[string]struct{ rule, want string }{
		"both":        {"probability: 0.5\n    everyNth: 2\n    fault: reset", "give exactly one of probability"},
		"neither":     {"fault: reset", "give exactly one of probability"},
		"kind":        {"everyNth: 1\n    fault: teapot", `not one of InternalServerError, ThrottlingException, reset, latency`},
		"operation":   {"operations: [DescribeAssociations]\n    everyNth: 1\n    fault: reset", `"DescribeAssociations" is not an SSM operation`},
		"no latency":  {"everyNth: 1\n    fault: latency", "latencyMs: missing"},
		"window":      {"everyNth: 1\n    fault: reset\n    from: 2h\n    until: 1h", "is not after from"},
		"probability": {"probability: 1.5\n    fault: reset", "is not a probability"},
	} {
		_, err := Parse("bad.yaml", []byte(valid+"faults:\n  - "+c.rule+"\n"))
		assert.ErrorContains(t, err, c.want, name)
		assert.ErrorContains(t, err, "bad.yaml:", name)
	}
}

// A group's nodes are runs of node numbers (its own, then each join's),
// read by position as the list of every number was.
func TestGroupNodes_ByPosition(t *testing.T) {
	var g groupNodes
	g = g.add(0, 3)  // 0 1 2
	g = g.add(3, 2)  // 3 4: consecutive, one run
	g = g.add(10, 2) // 10 11: a join after another group's nodes
	require.Len(t, g, 2)
	want := []int{0, 1, 2, 3, 4, 10, 11}
	for i, n := range want {
		got, ok := g.at(i)
		require.True(t, ok, "position %d", i)
		require.Equal(t, n, got, "position %d", i)
	}
	for _, i := range []int{-1, len(want), 100} {
		_, ok := g.at(i)
		require.False(t, ok, "position %d", i)
	}
	require.Equal(t, []int{1, 10, 11}, Nodes{List: []int{1, 5, 6, 9}}.of(g))
	require.Equal(t, []int{4, 10}, Nodes{First: 4, Count: 2}.of(g))
}

package scenarios

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

var inventory = sim.Behavior{Name: "inventory", Duration: sim.LogNormal(20*time.Second, 0.5), FailureProbability: 0.005}

// PatchTuesday patches 2,000 Windows nodes on the Sunday after the second
// Thursday of each month (cron THU#2 with ScheduleOffset 3), inside a
// 4-hour Duration window, for six months.
func PatchTuesday() Scenario {
	return Scenario{
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
func AlarmStop() Scenario {
	return Scenario{
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
		Alarms: []AlarmChange{
			{At: 0, Name: "p99-latency-high", State: model.AlarmStateOK},
			{At: 12 * time.Minute, Name: "p99-latency-high", State: model.AlarmStateAlarm},
		},
	}
}

// Autoscaling runs an inventory association every 30 minutes over a day
// while an autoscaling group grows in waves and old nodes are terminated.
func Autoscaling() Scenario {
	web := func(n int) *sim.NodeGroup {
		return &sim.NodeGroup{Count: n, Tags: []model.Tag{{Key: "aws:autoscaling:groupName", Value: "web"}}, Behavior: inventory}
	}
	return Scenario{
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
		Waves: []Wave{
			{At: 7*time.Hour + 50*time.Minute, Join: web(200)},
			{At: 8*time.Hour + 5*time.Minute, Join: web(200)},
			{At: 12 * time.Hour, Join: web(200)},
			{At: 20 * time.Hour, TerminateFirst: 200, TerminateCount: 400},
		},
	}
}

// weekendFreezeCalendar is a DEFAULT_OPEN Change Calendar closed from
// Friday 18:00 to Monday 06:00 UTC every week.
const weekendFreezeCalendar = `BEGIN:VCALENDAR
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
func WeekendFreeze() Scenario {
	return Scenario{
		Name:        "weekend-freeze",
		Description: "500 nodes configured every 4 hours for 4 weeks behind a Friday-18:00-to-Monday-06:00 change freeze",
		Seed:        1,
		Horizon:     28 * 24 * time.Hour,
		Fleet: []sim.NodeGroup{{
			Count: 500, Tags: []model.Tag{{Key: "Role", Value: "app"}},
			Behavior: sim.Behavior{Name: "configure", Duration: sim.LogNormal(45*time.Second, 0.4), FailureProbability: 0.01},
		}},
		Calendars: []CalendarDoc{{Name: "weekend-freeze", Content: weekendFreezeCalendar}},
		Associations: []model.CreateAssociationInput{{
			Name: "AWS-ConfigureAWSPackage", AssociationName: "configure-app",
			Parameters:         map[string][]string{"action": {"Install"}, "name": {"AmazonCloudWatchAgent"}},
			Targets:            []model.Target{{Key: "tag:Role", Values: []string{"app"}}},
			ScheduleExpression: "cron(0 */4 * * ? *)", ApplyOnlyAtCronInterval: true,
			MaxConcurrency: "25%", MaxErrors: "5%", CalendarNames: []string{"weekend-freeze"},
		}},
	}
}

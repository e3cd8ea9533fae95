package compliance

import "github.com/ssmsim/ssmsim/model"

var severityRank = map[string]int{"CRITICAL": 6, "HIGH": 5, "MEDIUM": 4, "LOW": 3, "INFORMATIONAL": 2, "UNSPECIFIED": 1}

// Summarize summarises the items of one compliance type of one resource
// (at least one item): NON_COMPLIANT if any item is, the overall severity
// the highest among the non-compliant items (else among all), counts by
// status and severity, the latest execution summary.
func Summarize(items []model.ComplianceItem) model.ResourceComplianceSummaryItem {
	first := items[0]
	sum := model.ResourceComplianceSummaryItem{ComplianceType: first.ComplianceType, ResourceType: first.ResourceType,
		ResourceID: first.ResourceID, Status: "COMPLIANT",
		CompliantSummary:    &model.CompliantSummary{SeveritySummary: &model.SeveritySummary{}},
		NonCompliantSummary: &model.NonCompliantSummary{SeveritySummary: &model.SeveritySummary{}}}
	worst := map[bool]string{}
	for _, it := range items {
		compliant := it.Status == "COMPLIANT"
		ss := sum.CompliantSummary.SeveritySummary
		if compliant {
			sum.CompliantSummary.CompliantCount++
		} else {
			sum.Status = "NON_COMPLIANT"
			sum.NonCompliantSummary.NonCompliantCount++
			ss = sum.NonCompliantSummary.SeveritySummary
		}
		switch it.Severity {
		case "CRITICAL":
			ss.CriticalCount++
		case "HIGH":
			ss.HighCount++
		case "MEDIUM":
			ss.MediumCount++
		case "LOW":
			ss.LowCount++
		case "INFORMATIONAL":
			ss.InformationalCount++
		default:
			ss.UnspecifiedCount++
		}
		if severityRank[it.Severity] > severityRank[worst[compliant]] {
			worst[compliant] = it.Severity
		}
		if it.ExecutionSummary != nil && (sum.ExecutionSummary == nil || it.ExecutionSummary.ExecutionTime > sum.ExecutionSummary.ExecutionTime) {
			es := *it.ExecutionSummary
			sum.ExecutionSummary = &es
		}
	}
	sum.OverallSeverity = worst[false]
	if sum.OverallSeverity == "" {
		sum.OverallSeverity = worst[true]
	}
	return sum
}

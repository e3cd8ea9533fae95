package filter

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// ComplianceItems compiles ListComplianceItems filters over ComplianceType,
// Status, Severity, Id, Title, ExecutionId, ExecutionType and
// ExecutionTime (an ISO-8601 instant, compared as a time).
func ComplianceItems(fs []model.ComplianceStringFilter) (func(*model.ComplianceItem) bool, error) {
	return compile(fs, itemField)
}

// ComplianceSummaries compiles ListResourceComplianceSummaries filters over
// ComplianceType, Status, OverallSeverity and ResourceId.
func ComplianceSummaries(fs []model.ComplianceStringFilter) (func(*model.ResourceComplianceSummaryItem) bool, error) {
	return compile(fs, summaryField)
}

// compile checks every filter's key (InvalidFilter when field does not
// know it) and type, then matches a value when, for every filter, any of
// the filter's values compares as the type says.
func compile[T any](fs []model.ComplianceStringFilter, field func(key string, v *T) (string, bool)) (func(*T) bool, error) {
	for _, f := range fs {
		if _, ok := field(f.Key, nil); !ok {
			return nil, model.NewError("InvalidFilter", "Filter key %s is not valid.", f.Key)
		}
		switch f.Type {
		case "", "EQUAL", "NOT_EQUAL", "BEGIN_WITH", "LESS_THAN", "GREATER_THAN":
		default:
			return nil, model.NewError("InvalidFilter", "Filter type %s is not valid.", f.Type)
		}
	}
	fs = slices.Clone(fs)
	for i, f := range fs {
		if f.Key != "ExecutionTime" {
			continue
		}
		// An ISO-8601 instant (list-compliance-items CLI example:
		// Key=ExecutionTime,Values=2019-02-18T16:00:00Z,Type=GREATER_THAN).
		vals := make([]string, len(f.Values))
		for j, v := range f.Values {
			at, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return nil, model.NewError("InvalidFilter", "ExecutionTime filter value %q is not an ISO-8601 time such as 2019-02-18T16:00:00Z.", v)
			}
			vals[j] = sortableTime(model.TimestampOf(at))
		}
		fs[i].Values = vals
	}
	return func(v *T) bool {
		for _, f := range fs {
			got, _ := field(f.Key, v)
			hit := false
			for _, want := range f.Values {
				switch f.Type {
				case "", "EQUAL":
					hit = hit || got == want
				case "NOT_EQUAL":
					hit = hit || got != want
				case "BEGIN_WITH":
					hit = hit || strings.HasPrefix(got, want)
				case "LESS_THAN":
					hit = hit || got < want
				case "GREATER_THAN":
					hit = hit || got > want
				}
			}
			if !hit {
				return false
			}
		}
		return true
	}, nil
}

// sortableTime renders an instant so that string order is time order.
func sortableTime(t model.Timestamp) string { return fmt.Sprintf("%020d", int64(t)) }

// itemField is a compliance item's field by filter key; ok is false for a
// key items do not have. A nil item answers only whether the key exists.
func itemField(key string, it *model.ComplianceItem) (string, bool) {
	if it == nil {
		it = &model.ComplianceItem{}
	}
	switch key {
	case "ComplianceType":
		return it.ComplianceType, true
	case "Status":
		return it.Status, true
	case "Severity":
		return it.Severity, true
	case "Id":
		return it.ID, true
	case "Title":
		return it.Title, true
	case "ExecutionTime": // compared as fixed-width epoch milliseconds (see compile)
		if it.ExecutionSummary == nil {
			return "", true
		}
		return sortableTime(it.ExecutionSummary.ExecutionTime), true
	case "ExecutionId", "ExecutionType":
		if it.ExecutionSummary == nil {
			return "", true
		}
		if key == "ExecutionId" {
			return it.ExecutionSummary.ExecutionID, true
		}
		return it.ExecutionSummary.ExecutionType, true
	}
	return "", false
}

// summaryField is itemField for a resource compliance summary.
func summaryField(key string, sum *model.ResourceComplianceSummaryItem) (string, bool) {
	if sum == nil {
		sum = &model.ResourceComplianceSummaryItem{}
	}
	switch key {
	case "ComplianceType":
		return sum.ComplianceType, true
	case "Status":
		return sum.Status, true
	case "OverallSeverity":
		return sum.OverallSeverity, true
	case "ResourceId":
		return sum.ResourceID, true
	}
	return "", false
}

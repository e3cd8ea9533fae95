package filter

import (
	"errors"
	"testing"

	"github.com/ssmsim/ssmsim/model"
)

// FuzzCompile: any filter either compiles to a predicate that answers
// (on a full and on an empty document) or is refused with an API error;
// never a panic.
func FuzzCompile(f *testing.F) {
	f.Add("ExecutionTime", "GREATER_THAN", "2019-02-18T16:00:00Z")
	f.Add("CreatedTime", "LESS_THAN", "2019-02-18T16:00:00Z")
	f.Add("tag:env", "", "prod")
	f.Add("LastExecutedBefore", "", "2024-01-02T03:00:00Z")
	f.Fuzz(func(t *testing.T, key, typ, value string) {
		apiErr := func(err error) {
			if _, ok := errors.AsType[*model.APIError](err); err != nil && !ok {
				t.Fatalf("%q %q %q: %v is not an API error", key, typ, value, err)
			}
		}
		cf := []model.ComplianceStringFilter{{Key: key, Type: typ, Values: []string{value}}}
		if keep, err := ComplianceItems(cf); err == nil {
			keep(&model.ComplianceItem{ExecutionSummary: &model.ComplianceExecutionSummary{}})
			keep(&model.ComplianceItem{})
		} else {
			apiErr(err)
		}
		if keep, err := ComplianceSummaries(cf); err == nil {
			keep(&model.ResourceComplianceSummaryItem{})
		} else {
			apiErr(err)
		}
		ef := []model.AssociationExecutionFilter{{Key: model.AssociationExecutionFilterKey(key), Type: model.AssociationFilterOperatorType(typ), Value: value}}
		if keep, err := Executions(ef); err == nil {
			keep(&model.AssociationExecution{})
		} else {
			apiErr(err)
		}
		af := []model.AssociationFilter{{Key: model.AssociationFilterKey(key), Value: value}}
		if keep, err := Associations(af); err == nil {
			keep(&Association{Status: func() string { return "" }})
		} else {
			apiErr(err)
		}
		in := model.DescribeInstanceInformationInput{Filters: []model.InstanceInformationStringFilter{{Key: key, Values: []string{value}}}}
		if keep, err := Instances(in); err == nil {
			keep(&model.InstanceInformation{}, []model.Tag{{Key: value, Value: value}})
		} else {
			apiErr(err)
		}
	})
}

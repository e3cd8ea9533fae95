package filter

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// Executions compiles DescribeAssociationExecutions filters: ExecutionId
// and Status take EQUAL only; CreatedTime takes an ISO-8601 instant and
// EQUAL, LESS_THAN or GREATER_THAN. An execution must pass every filter.
func Executions(fs []model.AssociationExecutionFilter) (func(*model.AssociationExecution) bool, error) {
	var tests []func(*model.AssociationExecution) bool
	for _, f := range fs {
		switch f.Key {
		case model.AssociationExecutionFilterKeyExecutionID, model.AssociationExecutionFilterKeyStatus:
			if f.Type != model.AssociationFilterOperatorEqual {
				return nil, model.NewError(model.ErrCodeValidation, "Filter key %s supports only the EQUAL type.", f.Key)
			}
			if f.Key == model.AssociationExecutionFilterKeyStatus {
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.Status == f.Value })
			} else {
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.ExecutionID == f.Value })
			}
		case model.AssociationExecutionFilterKeyCreatedTime:
			at, err := time.Parse(time.RFC3339, f.Value)
			if err != nil {
				return nil, model.NewError(model.ErrCodeValidation, "CreatedTime filter value %q is not an ISO-8601 time such as 2019-02-18T16:00:00Z.", f.Value)
			}
			ms := model.TimestampOf(at)
			switch f.Type {
			case model.AssociationFilterOperatorEqual:
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.CreatedTime == ms })
			case model.AssociationFilterOperatorLessThan:
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.CreatedTime < ms })
			case model.AssociationFilterOperatorGreaterThan:
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.CreatedTime > ms })
			default:
				return nil, model.NewError(model.ErrCodeValidation, "Filter type %s is not one of EQUAL, LESS_THAN, GREATER_THAN.", f.Type)
			}
		default:
			return nil, model.NewError(model.ErrCodeValidation, "Filter key %s is not one of ExecutionId, Status, CreatedTime.", f.Key)
		}
	}
	return all(tests), nil
}

// all is the conjunction of tests (true for none).
func all[T any](tests []func(T) bool) func(T) bool {
	return func(v T) bool {
		for _, t := range tests {
			if !t(v) {
				return false
			}
		}
		return true
	}
}

package filter

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// Association is what a ListAssociations filter can ask of an
// association. Status is called only when a filter asks for it: it is the
// one fact that costs a summary of the association's latest execution.
type Association struct {
	ID, DocumentName, AssociationName string
	// LegacyInstanceID is the node of an association created with the
	// deprecated InstanceId member, "" for one created with Targets.
	LegacyInstanceID string
	// LastExecuted is when it last ran; the zero Time if never.
	LastExecuted time.Time
	Status       func() string
}

// Associations compiles ListAssociations filters. InstanceId (a
// deprecated key) matches only legacy InstanceId associations, as the API
// reference says; LastExecutedBefore/After take ISO-8601 times and never
// match an association that has not run; ResourceGroupName matches none
// (resource groups are not simulated).
func Associations(fs []model.AssociationFilter) (func(*Association) bool, error) {
	var tests []func(*Association) bool
	for _, f := range fs {
		v := f.Value
		switch f.Key {
		case model.AssociationFilterKeyInstanceID:
			tests = append(tests, func(a *Association) bool { return a.LegacyInstanceID != "" && a.LegacyInstanceID == v })
		case model.AssociationFilterKeyName:
			tests = append(tests, func(a *Association) bool { return a.DocumentName == v })
		case model.AssociationFilterKeyAssociationID:
			tests = append(tests, func(a *Association) bool { return a.ID == v })
		case model.AssociationFilterKeyAssociationName:
			tests = append(tests, func(a *Association) bool { return a.AssociationName == v })
		case model.AssociationFilterKeyAssociationStatusName:
			tests = append(tests, func(a *Association) bool { return a.Status() == v })
		case model.AssociationFilterKeyResourceGroupName:
			tests = append(tests, func(*Association) bool { return false })
		case model.AssociationFilterKeyLastExecutedBefore, model.AssociationFilterKeyLastExecutedAfter:
			at, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return nil, model.NewError(model.ErrCodeValidation, "Filter %s value %q is not an ISO-8601 time such as 2019-02-18T16:00:00Z.", f.Key, v)
			}
			before := f.Key == model.AssociationFilterKeyLastExecutedBefore
			tests = append(tests, func(a *Association) bool {
				return !a.LastExecuted.IsZero() && (before && a.LastExecuted.Before(at) || !before && a.LastExecuted.After(at))
			})
		default:
			return nil, model.NewError(model.ErrCodeValidation, "Filter key %s is not valid.", f.Key)
		}
	}
	return all(tests), nil
}

package ssmapi

import (
	"cmp"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/catalog"
)

// ListTagsForResource lists a resource's tags, sorted by key.
func ListTagsForResource(c Core, in model.ListTagsForResourceInput) (*model.ListTagsForResourceOutput, error) {
	if err := c.Check("ListTagsForResource", in); err != nil {
		return nil, err
	}
	tags, err := c.Tags(in.ResourceType, in.ResourceID)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(tags)
	slices.SortFunc(out, func(a, b model.Tag) int { return cmp.Compare(a.Key, b.Key) })
	return &model.ListTagsForResourceOutput{TagList: nonNil(out)}, nil
}

// DescribeDocument describes an AWS-managed Command document or a document
// created in the simulation.
func DescribeDocument(c Core, in model.DescribeDocumentInput) (*model.DescribeDocumentOutput, error) {
	if err := c.Check("DescribeDocument", in); err != nil {
		return nil, err
	}
	switch in.DocumentVersion {
	case "", "1", "$LATEST", "$DEFAULT":
	default:
		return nil, model.NewError(model.ErrCodeInvalidDocumentVersion, "Document %s has no version %s.", in.Name, in.DocumentVersion)
	}
	if d, ok := c.Document(in.Name); ok {
		return &model.DescribeDocumentOutput{Document: &d}, nil
	}
	if d, ok := catalog.Builtin(in.Name); ok {
		return &model.DescribeDocumentOutput{Document: d.Describe()}, nil
	}
	return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s does not exist.", in.Name)
}

// GetCalendarState answers the GetCalendarState operation: the combined
// state of the calendars at AtTime (default now) — OPEN only if all are
// open — and when it next changes, as ISO-8601 strings. NextTransitionTime
// is omitted when the state never changes again within the calendars'
// search horizon.
func GetCalendarState(c Core, in model.GetCalendarStateInput) (*model.GetCalendarStateOutput, error) {
	if err := c.Check("GetCalendarState", in); err != nil {
		return nil, err
	}
	if len(in.CalendarNames) == 0 {
		return nil, model.ValidationError(model.Violation{Value: "[]", Member: "calendarNames", Constraint: "Member must not be empty"})
	}
	at := c.Now().Std()
	if in.AtTime != "" {
		t, err := time.Parse(time.RFC3339, in.AtTime)
		if err != nil {
			return nil, model.ValidationError(model.Violation{Value: in.AtTime, Member: "atTime", Constraint: "Member must be an ISO-8601 time such as 2020-07-30T16:18:18Z"})
		}
		at = t.UTC()
	}
	for _, n := range in.CalendarNames {
		if !c.HasCalendar(n) {
			return nil, model.NewError(model.ErrCodeInvalidDocument, "Change Calendar %s does not exist.", n)
		}
	}
	state, next, changes := c.CalendarState(in.CalendarNames, at)
	out := &model.GetCalendarStateOutput{State: state, AtTime: at.Format(time.RFC3339)}
	if changes {
		out.NextTransitionTime = next.UTC().Format(time.RFC3339)
	}
	return out, nil
}

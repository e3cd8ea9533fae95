package sim

import (
	"slices"

	"github.com/ssmsim/ssmsim/model"
)

// DefaultMaxActiveAssociations is AWS's quota of active associations
// (the AssociationLimitExceeded text: "at most 2,000").
const DefaultMaxActiveAssociations = 2000

func (s *Sim) maxActive() int {
	if n := s.cfg.Decisions.MaxActiveAssociations; n > 0 {
		return n
	}
	return DefaultMaxActiveAssociations
}

// CreateAssociationBatch creates several associations; an entry that fails
// is reported in Failed with its message and Fault (Client, or Server for
// an internal error) rather than failing the call (API reference).
func (s *Sim) CreateAssociationBatch(in model.CreateAssociationBatchInput) (*model.CreateAssociationBatchOutput, error) {
	if err := s.checkRequest("CreateAssociationBatch", in); err != nil {
		return nil, err
	}
	specs := make([]spec, len(in.Entries))
	for i, e := range in.Entries {
		specs[i] = specOf(e)
		specs[i].AssociationDispatchAssumeRole = in.AssociationDispatchAssumeRole // a member of the request, not of the entry
	}
	// Model constraints were checked on the whole request (checkRequest)
	// before any entry is processed: a violation anywhere fails the call.
	out := &model.CreateAssociationBatchOutput{Successful: []model.AssociationDescription{}, Failed: []model.FailedCreateAssociation{}}
	for i, sp := range specs {
		d, err := s.create(sp, nil)
		if err != nil {
			fault, msg := model.FaultClient, err.Error()
			if apiErr, ok := err.(*model.APIError); ok {
				msg = apiErr.Message
				if apiErr.HTTPStatus >= 500 {
					fault = model.FaultServer
				}
			}
			out.Failed = append(out.Failed, model.FailedCreateAssociation{Entry: &in.Entries[i], Message: msg, Fault: fault})
			continue
		}
		out.Successful = append(out.Successful, *d)
	}
	return out, nil
}

// UpdateAssociationStatus sets the legacy status of an association created
// with the deprecated InstanceId (the SSM Agent's call). Setting the status
// it already has answers StatusUnchanged.
func (s *Sim) UpdateAssociationStatus(in model.UpdateAssociationStatusInput) (*model.UpdateAssociationStatusOutput, error) {
	if err := s.checkRequest("UpdateAssociationStatus", in); err != nil {
		return nil, err
	}
	a, err := s.findAssociation("", in.Name, in.InstanceID)
	if err != nil {
		return nil, err
	}
	st := in.AssociationStatus
	switch st.Name {
	case model.AssociationStatusPending, model.AssociationStatusSuccess, model.AssociationStatusFailed:
	default:
		return nil, model.ValidationError(model.Violation{Value: string(st.Name), Member: "associationStatus.name",
			Constraint: "Member must satisfy enum value set: [Pending, Success, Failed]"})
	}
	if st.Name == a.status.Name {
		return nil, model.NewError(model.ErrCodeStatusUnchanged, "The updated status is the same as the current status.")
	}
	if st.Date == 0 {
		st.Date = stamp(s.eng.Now())
	}
	a.status = st
	return &model.UpdateAssociationStatusOutput{AssociationDescription: s.describe(a, a.version())}, nil
}

// MaxTagsPerResource is how many tags a resource may carry ("most
// resources 50", AddTagsToResource API reference).
const MaxTagsPerResource = 50

func checkTags(tags []model.Tag) error {
	if len(tags) > MaxTagsPerResource {
		return model.NewError(model.ErrCodeTooManyTagsError, "")
	}
	for _, t := range tags {
		if len(t.Key) < 1 || len(t.Key) > 128 || len(t.Value) > 256 {
			return model.NewError("InvalidTag", "Tag %q=%q: keys are 1..128 characters and values 0..256.", t.Key, t.Value)
		}
	}
	return nil
}

// taggable finds the tag list of an association or a document.
func (s *Sim) taggable(resourceType, id string) (*[]model.Tag, error) {
	switch resourceType {
	case "Association":
		a, err := s.lookupAssociation(id)
		if err != nil {
			return nil, model.NewError(model.ErrCodeInvalidResourceID, "")
		}
		return &a.tags, nil
	case "Document":
		d, ok := s.documents[id]
		if !ok {
			return nil, model.NewError(model.ErrCodeInvalidResourceID, "")
		}
		return &d.desc.Tags, nil
	}
	return nil, model.NewError(model.ErrCodeInvalidResourceType, "")
}

// AddTagsToResource adds or overwrites tags on an association (or a
// document created in the simulation).
func (s *Sim) AddTagsToResource(in model.AddTagsToResourceInput) (*model.AddTagsToResourceOutput, error) {
	if err := s.checkRequest("AddTagsToResource", in); err != nil {
		return nil, err
	}
	tags, err := s.taggable(in.ResourceType, in.ResourceID)
	if err != nil {
		return nil, err
	}
	merged := slices.Clone(*tags)
	for _, t := range in.Tags {
		if i := slices.IndexFunc(merged, func(x model.Tag) bool { return x.Key == t.Key }); i >= 0 {
			merged[i].Value = t.Value
		} else {
			merged = append(merged, t)
		}
	}
	if err := checkTags(merged); err != nil {
		return nil, err
	}
	*tags = merged
	return &model.AddTagsToResourceOutput{}, nil
}

// RemoveTagsFromResource removes the tags with the given keys.
func (s *Sim) RemoveTagsFromResource(in model.RemoveTagsFromResourceInput) (*model.RemoveTagsFromResourceOutput, error) {
	if err := s.checkRequest("RemoveTagsFromResource", in); err != nil {
		return nil, err
	}
	tags, err := s.taggable(in.ResourceType, in.ResourceID)
	if err != nil {
		return nil, err
	}
	*tags = slices.DeleteFunc(slices.Clone(*tags), func(t model.Tag) bool { return slices.Contains(in.TagKeys, t.Key) })
	return &model.RemoveTagsFromResourceOutput{}, nil
}

package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
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
	return ssmapi.CreateAssociationBatch(s.read(), in)
}

// UpdateAssociationStatus sets the legacy status of an association created
// with the deprecated InstanceId (the SSM Agent's call). Setting the status
// it already has answers StatusUnchanged.
func (s *Sim) UpdateAssociationStatus(in model.UpdateAssociationStatusInput) (*model.UpdateAssociationStatusOutput, error) {
	return ssmapi.UpdateAssociationStatus(s.read(), in)
}

// MaxTagsPerResource is how many tags a resource may carry ("most
// resources 50", AddTagsToResource API reference).
const MaxTagsPerResource = ssmapi.MaxTagsPerResource

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
	return ssmapi.AddTagsToResource(s.read(), in)
}

// RemoveTagsFromResource removes the tags with the given keys.
func (s *Sim) RemoveTagsFromResource(in model.RemoveTagsFromResourceInput) (*model.RemoveTagsFromResourceOutput, error) {
	return ssmapi.RemoveTagsFromResource(s.read(), in)
}

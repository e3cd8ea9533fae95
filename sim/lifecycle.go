package sim

import (
	"strconv"

	"github.com/ssmsim/ssmsim/model"
)

// MaxVersions is how many versions an association may have
// (AssociationVersionLimitExceeded; decision D18).
const MaxVersions = 1000

// UpdateAssociation replaces an association's definition with a new
// version. Per the API reference it is a full replace: optional members
// left out are reset, not kept (terraform-provider-aws #3407: Parameters
// emptied, AssociationName lost) — except Name and Targets, which the real
// service keeps when they are left out (update-association CLI examples:
// --document-version or --schedule-expression alone keep both), and a
// legacy association's node. Unless ApplyOnlyAtCronInterval is set the new version runs at once;
// if an execution is running, its in-flight targets finish, its
// undispatched targets are dropped, and the new version runs after it
// (the user guide's "targets and rate controls" page).
func (s *Sim) UpdateAssociation(in model.UpdateAssociationInput) (*model.UpdateAssociationOutput, error) {
	if err := s.checkRequest("UpdateAssociation", in); err != nil {
		return nil, err
	}
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	latest := strconv.Itoa(len(a.versions))
	if in.AssociationVersion != "" && in.AssociationVersion != "$LATEST" && in.AssociationVersion != latest {
		return nil, model.NewError(model.ErrCodeInvalidAssociationVersion,
			"Association version %s is not the latest version (%s) of association %s.", in.AssociationVersion, latest, a.id)
	}
	if len(a.versions) >= MaxVersions {
		return nil, model.NewError(model.ErrCodeAssociationVersionLimitExceeded,
			"Association %s has reached the limit of %d versions.", a.id, MaxVersions)
	}
	sp := specOf(in)
	if sp.Name == "" {
		sp.Name = a.version().info.Name
	}
	if len(sp.Targets) == 0 && len(sp.TargetMaps) == 0 && !a.legacy {
		sp.Targets = a.version().info.Targets
	}
	if a.legacy {
		sp.InstanceID, sp.Targets = a.version().info.Targets[0].Values[0], nil
	}
	v, err := s.build(sp)
	if err != nil {
		return nil, err
	}
	now := s.eng.Now()
	v.info.AssociationID, v.info.AssociationVersion, v.info.CreatedDate = a.id, strconv.Itoa(len(a.versions)+1), stamp(now)
	a.versions = append(a.versions, v)
	a.updated = now
	if a.running >= 0 {
		s.stop(s.execs[a.running], StopUpdate)
	}
	if !in.ApplyOnlyAtCronInterval {
		s.requestStart(a, triggerUpdate)
	}
	a.schedGen++ // the new version's schedule replaces the old one's
	s.planTick(a, now)
	return &model.UpdateAssociationOutput{AssociationDescription: s.describe(a, a.version())}, nil
}

// DeleteAssociation deletes an association by AssociationId (or a legacy
// one by Name and InstanceId). It never runs again; a running execution
// dispatches nothing more, and its in-flight targets finish.
func (s *Sim) DeleteAssociation(in model.DeleteAssociationInput) (*model.DeleteAssociationOutput, error) {
	if err := s.checkRequest("DeleteAssociation", in); err != nil {
		return nil, err
	}
	a, err := s.findAssociation(in.AssociationID, in.Name, in.InstanceID)
	if err != nil {
		return nil, err
	}
	a.deleted = true
	a.pending = 0
	s.active--
	a.schedGen++
	delete(s.byID, a.id)
	if a.running >= 0 {
		s.stop(s.execs[a.running], StopDeleted)
	} else if s.cfg.Decisions.Retention > 0 {
		s.purge(a) // nothing runs: free its history now (D19)
	}
	return &model.DeleteAssociationOutput{}, nil
}

// requestStart starts an execution now, or after the running one finishes.
func (s *Sim) requestStart(a *association, t trigger) {
	if a.running >= 0 {
		a.pending = t
		return
	}
	s.eng.Schedule(s.eng.Now(), classStart, kindExecStart, a.index, int32(t))
}

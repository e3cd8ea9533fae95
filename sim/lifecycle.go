package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
)

// MaxVersions is how many versions an association may have
// (AssociationVersionLimitExceeded; decision D18).
const MaxVersions = ssmapi.MaxVersions

// UpdateAssociation replaces an association's definition with a new
// version (a full replace, keeping Name and Targets when left out; see
// ssmapi.UpdateAssociation).
func (s *Sim) UpdateAssociation(in model.UpdateAssociationInput) (*model.UpdateAssociationOutput, error) {
	return ssmapi.UpdateAssociation(s.read(), in)
}

// DeleteAssociation deletes an association by AssociationId (or a legacy
// one by Name and InstanceId). It never runs again; a running execution
// dispatches nothing more, and its in-flight targets finish.
func (s *Sim) DeleteAssociation(in model.DeleteAssociationInput) (*model.DeleteAssociationOutput, error) {
	return ssmapi.DeleteAssociation(s.read(), in)
}

// requestStart starts an execution now, or after the running one finishes.
func (s *Sim) requestStart(a *association, t trigger) {
	if a.running >= 0 {
		a.pending = t
		return
	}
	s.eng.Schedule(s.eng.Now(), classStart, kindExecStart, a.index, int32(t))
}

package sim

import (
	"cmp"
	"strconv"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/catalog"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
)

// The commands package ssmapi's write operations give the simulation
// (ssmapi.Control) once a request is validated, and the queries that
// validation needs besides ssmapi.Core's.

var _ ssmapi.Control = (*reader)(nil)

func (r *reader) DefaultConcurrency() model.RateValue { return r.defConc }
func (r *reader) Platform(n int32) model.PlatformType { return r.fleet.Platform(int(n)) }
func (r *reader) Active() int                         { return r.active }
func (r *reader) MaxActive() int                      { return r.sim().maxActive() }
func (r *reader) NodeID(n int32) string               { return r.fleet.ID(int(n)) }

func (r *reader) CommandDocument(name string) (*catalog.Document, bool) {
	return r.sim().commandDoc(name)
}

// versionOf is a validated definition as the association keeps it.
func versionOf(d ssmapi.Definition) version {
	return version{info: d.Info, alarm: d.Alarm, conc: d.Concurrency, errs: d.Errors, hasErrs: d.HasErrors,
		sched: d.Schedule, doc: d.Document, docVersion: d.DocVersion}
}

func (r *reader) Create(d ssmapi.Definition, legacy bool, tags []model.Tag) int32 {
	s := r.sim()
	now := s.eng.Now()
	idx := int32(len(s.assocs))
	a := &association{
		index: idx, id: s.streams.UUID(streamAssocID, uint64(idx), 0),
		created: now, updated: now, legacy: legacy, running: -1, lastDone: -1, windows: &s.windows,
	}
	v := versionOf(d)
	v.info.AssociationID, v.info.AssociationVersion, v.info.CreatedDate = a.id, "1", stamp(now)
	a.versions = append(a.versions, v)
	a.tags = append([]model.Tag(nil), tags...)
	// The legacy Status object (API reference sample: Name "Associated",
	// Message "Associated with <document>").
	a.status = model.AssociationStatus{Date: stamp(now), Name: model.AssociationStatusAssociated, Message: "Associated with " + v.info.Name}
	s.assocs = append(s.assocs, a)
	s.byID[a.id] = idx
	s.active++
	if !v.info.ApplyOnlyAtCronInterval {
		s.eng.Schedule(now, classStart, kindExecStart, idx, int32(triggerCreate))
	}
	s.planTick(a, now)
	return idx
}

func (r *reader) Update(ai int32, d ssmapi.Definition) {
	s := r.sim()
	a := s.assocs[ai]
	now := s.eng.Now()
	v := versionOf(d)
	v.info.AssociationID, v.info.AssociationVersion, v.info.CreatedDate = a.id, strconv.Itoa(len(a.versions)+1), stamp(now)
	a.versions = append(a.versions, v)
	a.updated = now
	if a.running >= 0 {
		s.stop(s.execs[a.running], StopUpdate)
	}
	if !v.info.ApplyOnlyAtCronInterval {
		s.requestStart(a, triggerUpdate)
	}
	a.schedGen++ // the new version's schedule replaces the old one's
	s.planTick(a, now)
}

func (r *reader) Delete(ai int32) {
	s := r.sim()
	a := s.assocs[ai]
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
}

func (r *reader) Start(ai int32) { r.sim().requestStart(r.assocs[ai], triggerManual) }

func (r *reader) SetLegacyStatus(ai int32, st model.AssociationStatus) { r.assocs[ai].status = st }

func (r *reader) SetTags(resourceType, id string, tags []model.Tag) {
	if p, err := r.sim().taggable(resourceType, id); err == nil {
		*p = tags
	}
}

func (r *reader) PutCompliance(in model.PutComplianceItemsInput, manual func(string) bool) error {
	return r.compliance.Put(in, stamp(r.eng.Now()), manual)
}

func (r *reader) AddDocument(in model.CreateDocumentInput, d, cmd *catalog.Document) model.DocumentDescription {
	desc := d.Describe()
	desc.Owner, desc.CreatedDate, desc.DocumentFormat, desc.Tags = AccountID, stamp(r.eng.Now()), cmp.Or(in.DocumentFormat, "JSON"), nonNil(in.Tags)
	r.documents[in.Name] = &document{desc: *desc, content: in.Content, cmd: cmd}
	return *desc
}

func (r *reader) AddCalendar(name string, text []byte, tags []model.Tag) error {
	return r.sim().addCalendar(name, text, tags)
}

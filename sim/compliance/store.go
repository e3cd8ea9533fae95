package compliance

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/ssmsim/ssmsim/model"
)

// MaxCustomTypes is how many Custom: compliance types a resource may have
// (ComplianceTypeCountLimitExceededException).
const MaxCustomTypes = 10

// Store holds what PutComplianceItems recorded: resource, then compliance
// type, then its items. The zero Store is empty and ready.
type Store struct {
	byResource map[string]map[string]*typeItems
}

// typeItems is what was stored for one compliance type of one resource.
type typeItems struct {
	items   []model.ComplianceItem // sorted by Id
	summary model.ComplianceExecutionSummary
	hash    string
}

// Put records in's items for a resource the caller has found. manual
// reports whether an association of that Id has SyncCompliance MANUAL
// (PARTIAL uploads are for those only); now stamps an upload without an
// ExecutionTime. Errors carry the AWS code.
func (s *Store) Put(in model.PutComplianceItemsInput, now model.Timestamp, manual func(associationID string) bool) error {
	custom := strings.HasPrefix(in.ComplianceType, "Custom:")
	if !custom && in.ComplianceType != "Association" && in.ComplianceType != "Patch" {
		return model.NewError("InvalidItemContentException", "ComplianceType %s is not Association, Patch or Custom:<name>.", in.ComplianceType)
	}
	if s.byResource == nil {
		s.byResource = map[string]map[string]*typeItems{}
	}
	byType := s.byResource[in.ResourceID]
	if byType == nil {
		byType = map[string]*typeItems{}
		s.byResource[in.ResourceID] = byType
	}
	tc := byType[in.ComplianceType]
	if tc == nil && custom {
		count := 0
		for t := range byType {
			if strings.HasPrefix(t, "Custom:") {
				count++
			}
		}
		if count >= MaxCustomTypes {
			return model.NewError("ComplianceTypeCountLimitExceededException", "You specified too many custom compliance types. You can specify a maximum of %d different types.", MaxCustomTypes)
		}
	}
	if tc != nil && in.ItemContentHash != "" && in.ItemContentHash == tc.hash {
		return nil
	}
	partial := in.UploadType == "PARTIAL"
	if partial {
		if in.ComplianceType != "Association" {
			return model.NewError("InvalidItemContentException", "UploadType PARTIAL is only for association compliance.")
		}
		for _, it := range in.Items {
			if !manual(it.ID) {
				return model.NewError("InvalidItemContentException", "UploadType PARTIAL needs the Id of an association with SyncCompliance MANUAL, not %q.", it.ID)
			}
		}
	}
	if in.ExecutionSummary.ExecutionTime == 0 {
		in.ExecutionSummary.ExecutionTime = now
	}
	if tc == nil || !partial {
		tc = &typeItems{}
		byType[in.ComplianceType] = tc
	}
	tc.summary, tc.hash = in.ExecutionSummary, in.ItemContentHash
	for _, e := range in.Items {
		sum := in.ExecutionSummary
		it := model.ComplianceItem{ComplianceType: in.ComplianceType, ResourceType: in.ResourceType, ResourceID: in.ResourceID,
			ID: e.ID, Title: e.Title, Status: e.Status, Severity: e.Severity, ExecutionSummary: &sum, Details: e.Details}
		if i := slices.IndexFunc(tc.items, func(x model.ComplianceItem) bool { return x.ID == e.ID }); i >= 0 {
			tc.items[i] = it
		} else {
			tc.items = append(tc.items, it)
		}
	}
	slices.SortFunc(tc.items, func(x, y model.ComplianceItem) int { return cmp.Compare(x.ID, y.ID) })
	return nil
}

// Items lists a resource's compliance items by (ComplianceType, Id): the
// association compliance the simulation derived (auto), then what was
// stored — less stored Association items of an Id auto has, which auto
// owns (SyncCompliance AUTO).
func (s *Store) Items(resourceID string, auto []model.ComplianceItem) []model.ComplianceItem {
	out := auto
	owned := func(id string) bool {
		return slices.ContainsFunc(auto, func(it model.ComplianceItem) bool { return it.ID == id })
	}
	for _, tc := range s.byResource[resourceID] {
		for _, it := range tc.items {
			if !(it.ComplianceType == "Association" && owned(it.ID)) {
				out = append(out, it)
			}
		}
	}
	slices.SortFunc(out, func(x, y model.ComplianceItem) int {
		return cmp.Or(cmp.Compare(x.ComplianceType, y.ComplianceType), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// Saved is one resource's stored compliance type, as a snapshot keeps it.
type Saved struct {
	Resource, Type string
	Items          []model.ComplianceItem
	Summary        model.ComplianceExecutionSummary
	Hash           string
}

// Save lists everything stored, by resource then type.
func (s *Store) Save() []Saved {
	var out []Saved
	for _, res := range slices.Sorted(maps.Keys(s.byResource)) {
		for _, typ := range slices.Sorted(maps.Keys(s.byResource[res])) {
			tc := s.byResource[res][typ]
			out = append(out, Saved{Resource: res, Type: typ, Items: tc.items, Summary: tc.summary, Hash: tc.hash})
		}
	}
	return out
}

// Restore puts back what Save listed.
func (s *Store) Restore(v Saved) {
	if s.byResource == nil {
		s.byResource = map[string]map[string]*typeItems{}
	}
	if s.byResource[v.Resource] == nil {
		s.byResource[v.Resource] = map[string]*typeItems{}
	}
	s.byResource[v.Resource][v.Type] = &typeItems{items: v.Items, summary: v.Summary, hash: v.Hash}
}

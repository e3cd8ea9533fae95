package model

// ComplianceExecutionSummary says when and by what compliance was captured.
type ComplianceExecutionSummary struct {
	ExecutionTime Timestamp `json:"ExecutionTime"`
	ExecutionID   string    `json:"ExecutionId,omitempty"`
	ExecutionType string    `json:"ExecutionType,omitempty"`
}

// ComplianceItem is one compliance item of a resource.
type ComplianceItem struct {
	ComplianceType   string                      `json:"ComplianceType,omitempty"`
	ResourceType     string                      `json:"ResourceType,omitempty"`
	ResourceID       string                      `json:"ResourceId,omitempty"`
	ID               string                      `json:"Id,omitempty"`
	Title            string                      `json:"Title"`              // "" included (list-compliance-items CLI example)
	Status           string                      `json:"Status,omitempty"`   // COMPLIANT, NON_COMPLIANT
	Severity         string                      `json:"Severity,omitempty"` // CRITICAL … UNSPECIFIED
	ExecutionSummary *ComplianceExecutionSummary `json:"ExecutionSummary,omitempty"`
	Details          map[string]string           `json:"Details,omitempty"`
}

// ComplianceItemEntry is an item sent with PutComplianceItems.
type ComplianceItemEntry struct {
	ID       string            `json:"Id,omitempty"`
	Title    string            `json:"Title,omitempty"`
	Severity string            `json:"Severity"`
	Status   string            `json:"Status"`
	Details  map[string]string `json:"Details,omitempty"`
}

// ComplianceStringFilter filters compliance listings.
type ComplianceStringFilter struct {
	Key    string   `json:"Key,omitempty"`
	Values []string `json:"Values,omitempty"`
	Type   string   `json:"Type,omitempty"` // EQUAL (default), NOT_EQUAL, BEGIN_WITH, LESS_THAN, GREATER_THAN
}

// PutComplianceItemsInput is the PutComplianceItems request.
type PutComplianceItemsInput struct {
	ResourceID       string                     `json:"ResourceId"`
	ResourceType     string                     `json:"ResourceType"`
	ComplianceType   string                     `json:"ComplianceType"`
	ExecutionSummary ComplianceExecutionSummary `json:"ExecutionSummary"`
	Items            []ComplianceItemEntry      `json:"Items"`
	ItemContentHash  string                     `json:"ItemContentHash,omitempty"`
	UploadType       string                     `json:"UploadType,omitempty"` // COMPLETE (default) or PARTIAL
}

// PutComplianceItemsOutput is the (empty) PutComplianceItems response.
type PutComplianceItemsOutput struct{}

// ListComplianceItemsInput is the ListComplianceItems request.
type ListComplianceItemsInput struct {
	Filters       []ComplianceStringFilter `json:"Filters,omitempty"`
	ResourceIDs   []string                 `json:"ResourceIds,omitempty"`
	ResourceTypes []string                 `json:"ResourceTypes,omitempty"`
	NextToken     string                   `json:"NextToken,omitempty"`
	MaxResults    int32                    `json:"MaxResults,omitempty"`
}

// ListComplianceItemsOutput is the ListComplianceItems response.
type ListComplianceItemsOutput struct {
	ComplianceItems []ComplianceItem `json:"ComplianceItems"`
	NextToken       string           `json:"NextToken,omitempty"`
}

// SeveritySummary counts items by severity.
type SeveritySummary struct {
	CriticalCount      int32 `json:"CriticalCount"`
	HighCount          int32 `json:"HighCount"`
	MediumCount        int32 `json:"MediumCount"`
	LowCount           int32 `json:"LowCount"`
	InformationalCount int32 `json:"InformationalCount"`
	UnspecifiedCount   int32 `json:"UnspecifiedCount"`
}

// CompliantSummary counts compliant items.
type CompliantSummary struct {
	CompliantCount  int32            `json:"CompliantCount"`
	SeveritySummary *SeveritySummary `json:"SeveritySummary,omitempty"`
}

// NonCompliantSummary counts non-compliant items.
type NonCompliantSummary struct {
	NonCompliantCount int32            `json:"NonCompliantCount"`
	SeveritySummary   *SeveritySummary `json:"SeveritySummary,omitempty"`
}

// ResourceComplianceSummaryItem summarises one compliance type of a resource.
type ResourceComplianceSummaryItem struct {
	ComplianceType      string                      `json:"ComplianceType,omitempty"`
	ResourceType        string                      `json:"ResourceType,omitempty"`
	ResourceID          string                      `json:"ResourceId,omitempty"`
	Status              string                      `json:"Status,omitempty"`
	OverallSeverity     string                      `json:"OverallSeverity,omitempty"`
	ExecutionSummary    *ComplianceExecutionSummary `json:"ExecutionSummary,omitempty"`
	CompliantSummary    *CompliantSummary           `json:"CompliantSummary,omitempty"`
	NonCompliantSummary *NonCompliantSummary        `json:"NonCompliantSummary,omitempty"`
}

// ListResourceComplianceSummariesInput is the ListResourceComplianceSummaries request.
type ListResourceComplianceSummariesInput struct {
	Filters    []ComplianceStringFilter `json:"Filters,omitempty"`
	NextToken  string                   `json:"NextToken,omitempty"`
	MaxResults int32                    `json:"MaxResults,omitempty"`
}

// ListResourceComplianceSummariesOutput is the ListResourceComplianceSummaries response.
type ListResourceComplianceSummariesOutput struct {
	ResourceComplianceSummaryItems []ResourceComplianceSummaryItem `json:"ResourceComplianceSummaryItems"`
	NextToken                      string                          `json:"NextToken,omitempty"`
}

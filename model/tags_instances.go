package model

// AddTagsToResourceInput is the AddTagsToResource request.
type AddTagsToResourceInput struct {
	ResourceType string `json:"ResourceType"` // Association, Document, …
	ResourceID   string `json:"ResourceId"`
	Tags         []Tag  `json:"Tags"`
}

// AddTagsToResourceOutput is the (empty) AddTagsToResource response.
type AddTagsToResourceOutput struct{}

// ListTagsForResourceInput is the ListTagsForResource request.
type ListTagsForResourceInput struct {
	ResourceType string `json:"ResourceType"`
	ResourceID   string `json:"ResourceId"`
}

// ListTagsForResourceOutput is the ListTagsForResource response.
type ListTagsForResourceOutput struct {
	TagList []Tag `json:"TagList"`
}

// RemoveTagsFromResourceInput is the RemoveTagsFromResource request.
type RemoveTagsFromResourceInput struct {
	ResourceType string   `json:"ResourceType"`
	ResourceID   string   `json:"ResourceId"`
	TagKeys      []string `json:"TagKeys"`
}

// RemoveTagsFromResourceOutput is the (empty) RemoveTagsFromResource response.
type RemoveTagsFromResourceOutput struct{}

// Tagging error codes.
const (
	ErrCodeInvalidResourceType = "InvalidResourceType"
	ErrCodeInvalidResourceID   = "InvalidResourceId"
	ErrCodeTooManyTagsError    = "TooManyTagsError"
	ErrCodeInvalidFilterKey    = "InvalidFilterKey"
	ErrCodeInvalidFilterValue  = "InvalidInstanceInformationFilterValue"
)

// InstanceInformation describes a managed node (DescribeInstanceInformation).
type InstanceInformation struct {
	InstanceID                             string                                 `json:"InstanceId,omitempty"`
	PingStatus                             string                                 `json:"PingStatus,omitempty"` // Online, ConnectionLost, Inactive
	LastPingDateTime                       Timestamp                              `json:"LastPingDateTime,omitzero"`
	AgentVersion                           string                                 `json:"AgentVersion,omitempty"`
	IsLatestVersion                        bool                                   `json:"IsLatestVersion"`
	PlatformType                           PlatformType                           `json:"PlatformType,omitempty"`
	PlatformName                           string                                 `json:"PlatformName,omitempty"`
	PlatformVersion                        string                                 `json:"PlatformVersion,omitempty"`
	RegistrationDate                       Timestamp                              `json:"RegistrationDate,omitzero"`
	ResourceType                           string                                 `json:"ResourceType,omitempty"` // ManagedInstance or EC2Instance
	IPAddress                              string                                 `json:"IPAddress,omitempty"`
	ComputerName                           string                                 `json:"ComputerName,omitempty"`
	AssociationStatus                      string                                 `json:"AssociationStatus,omitempty"`
	LastAssociationExecutionDate           Timestamp                              `json:"LastAssociationExecutionDate,omitzero"`
	LastSuccessfulAssociationExecutionDate Timestamp                              `json:"LastSuccessfulAssociationExecutionDate,omitzero"`
	AssociationOverview                    *InstanceAggregatedAssociationOverview `json:"AssociationOverview,omitempty"`
}

// InstanceAggregatedAssociationOverview summarises a node's associations.
type InstanceAggregatedAssociationOverview struct {
	DetailedStatus                           string           `json:"DetailedStatus,omitempty"`
	InstanceAssociationStatusAggregatedCount map[string]int32 `json:"InstanceAssociationStatusAggregatedCount,omitempty"`
}

// InstanceInformationFilter is the older filter form; the model spells its
// members in lower case.
type InstanceInformationFilter struct {
	Key      string   `json:"key"`
	ValueSet []string `json:"valueSet"`
}

// InstanceInformationStringFilter is the newer filter form.
type InstanceInformationStringFilter struct {
	Key    string   `json:"Key"`
	Values []string `json:"Values"`
}

// DescribeInstanceInformationInput is the DescribeInstanceInformation request.
type DescribeInstanceInformationInput struct {
	InstanceInformationFilterList []InstanceInformationFilter       `json:"InstanceInformationFilterList,omitempty"`
	Filters                       []InstanceInformationStringFilter `json:"Filters,omitempty"`
	MaxResults                    int32                             `json:"MaxResults,omitempty"` // 5..50
	NextToken                     string                            `json:"NextToken,omitempty"`
}

// DescribeInstanceInformationOutput is the DescribeInstanceInformation response.
type DescribeInstanceInformationOutput struct {
	InstanceInformationList []InstanceInformation `json:"InstanceInformationList"`
	NextToken               string                `json:"NextToken,omitempty"`
}

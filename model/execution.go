package model

// AssociationExecution is one run of an association over its targets.
type AssociationExecution struct {
	AssociationID         string                  `json:"AssociationId,omitempty"`
	AssociationVersion    string                  `json:"AssociationVersion,omitempty"`
	ExecutionID           string                  `json:"ExecutionId,omitempty"`
	Status                string                  `json:"Status,omitempty"`
	DetailedStatus        string                  `json:"DetailedStatus,omitempty"`
	CreatedTime           Timestamp               `json:"CreatedTime,omitzero"`
	LastExecutionDate     Timestamp               `json:"LastExecutionDate,omitzero"`
	ResourceCountByStatus string                  `json:"ResourceCountByStatus,omitempty"`
	AlarmConfiguration    *AlarmConfiguration     `json:"AlarmConfiguration,omitempty"`
	TriggeredAlarms       []AlarmStateInformation `json:"TriggeredAlarms,omitempty"`
}

// AssociationExecutionTarget is one node's run within an execution.
type AssociationExecutionTarget struct {
	AssociationID      string        `json:"AssociationId,omitempty"`
	AssociationVersion string        `json:"AssociationVersion,omitempty"`
	ExecutionID        string        `json:"ExecutionId,omitempty"`
	ResourceID         string        `json:"ResourceId,omitempty"`
	ResourceType       string        `json:"ResourceType,omitempty"`
	Status             string        `json:"Status,omitempty"`
	DetailedStatus     string        `json:"DetailedStatus,omitempty"`
	LastExecutionDate  Timestamp     `json:"LastExecutionDate,omitzero"`
	OutputSource       *OutputSource `json:"OutputSource,omitempty"`
}

// InstanceAssociationStatusInfo is a node's latest status for one association.
type InstanceAssociationStatusInfo struct {
	AssociationID      string                        `json:"AssociationId,omitempty"`
	Name               string                        `json:"Name,omitempty"`
	DocumentVersion    string                        `json:"DocumentVersion,omitempty"`
	AssociationVersion string                        `json:"AssociationVersion,omitempty"`
	InstanceID         string                        `json:"InstanceId,omitempty"`
	ExecutionDate      Timestamp                     `json:"ExecutionDate,omitzero"`
	Status             string                        `json:"Status,omitempty"`
	DetailedStatus     string                        `json:"DetailedStatus,omitempty"`
	ExecutionSummary   string                        `json:"ExecutionSummary,omitempty"`
	ErrorCode          string                        `json:"ErrorCode,omitempty"`
	OutputURL          *InstanceAssociationOutputURL `json:"OutputUrl,omitempty"`
	AssociationName    string                        `json:"AssociationName,omitempty"`
}

// AssociationExecutionFilter filters DescribeAssociationExecutions.
type AssociationExecutionFilter struct {
	Key   AssociationExecutionFilterKey `json:"Key"`
	Value string                        `json:"Value"`
	Type  AssociationFilterOperatorType `json:"Type"`
}

// AssociationExecutionTargetsFilter filters DescribeAssociationExecutionTargets.
type AssociationExecutionTargetsFilter struct {
	Key   AssociationExecutionTargetsFilterKey `json:"Key"`
	Value string                               `json:"Value"`
}

// AssociationFilter filters ListAssociations. The model spells these
// members in lower case.
type AssociationFilter struct {
	Key   AssociationFilterKey `json:"key"`
	Value string               `json:"value"`
}

package model

// AssociationDescription is the full description of an association
// (CreateAssociation, DescribeAssociation, UpdateAssociation responses).
type AssociationDescription struct {
	Name                          string                             `json:"Name,omitempty"`
	InstanceID                    string                             `json:"InstanceId,omitempty"`
	AssociationVersion            string                             `json:"AssociationVersion,omitempty"`
	Date                          Timestamp                          `json:"Date,omitzero"`
	LastUpdateAssociationDate     Timestamp                          `json:"LastUpdateAssociationDate,omitzero"`
	Status                        *AssociationStatus                 `json:"Status,omitempty"`
	Overview                      *AssociationOverview               `json:"Overview,omitempty"`
	DocumentVersion               string                             `json:"DocumentVersion,omitempty"`
	AutomationTargetParameterName string                             `json:"AutomationTargetParameterName,omitempty"`
	Parameters                    map[string][]string                `json:"Parameters,omitempty"`
	AssociationID                 string                             `json:"AssociationId,omitempty"`
	Targets                       []Target                           `json:"Targets,omitempty"`
	ScheduleExpression            string                             `json:"ScheduleExpression,omitempty"`
	OutputLocation                *InstanceAssociationOutputLocation `json:"OutputLocation,omitempty"`
	LastExecutionDate             Timestamp                          `json:"LastExecutionDate,omitzero"`
	LastSuccessfulExecutionDate   Timestamp                          `json:"LastSuccessfulExecutionDate,omitzero"`
	AssociationName               string                             `json:"AssociationName,omitempty"`
	MaxErrors                     string                             `json:"MaxErrors,omitempty"`
	MaxConcurrency                string                             `json:"MaxConcurrency,omitempty"`
	ComplianceSeverity            ComplianceSeverity                 `json:"ComplianceSeverity,omitempty"`
	SyncCompliance                SyncCompliance                     `json:"SyncCompliance,omitempty"`
	ApplyOnlyAtCronInterval       bool                               `json:"ApplyOnlyAtCronInterval"`
	CalendarNames                 []string                           `json:"CalendarNames,omitempty"`
	TargetLocations               []TargetLocation                   `json:"TargetLocations,omitempty"`
	ScheduleOffset                int32                              `json:"ScheduleOffset,omitempty"`
	Duration                      int32                              `json:"Duration,omitempty"`
	TargetMaps                    []map[string][]string              `json:"TargetMaps,omitempty"`
	AlarmConfiguration            *AlarmConfiguration                `json:"AlarmConfiguration,omitempty"`
	TriggeredAlarms               []AlarmStateInformation            `json:"TriggeredAlarms,omitempty"`
	AssociationDispatchAssumeRole string                             `json:"AssociationDispatchAssumeRole,omitempty"`
}

// Association is the summary ListAssociations returns.
type Association struct {
	Name               string                `json:"Name,omitempty"`
	InstanceID         string                `json:"InstanceId,omitempty"`
	AssociationID      string                `json:"AssociationId,omitempty"`
	AssociationVersion string                `json:"AssociationVersion,omitempty"`
	DocumentVersion    string                `json:"DocumentVersion,omitempty"`
	Targets            []Target              `json:"Targets,omitempty"`
	LastExecutionDate  Timestamp             `json:"LastExecutionDate,omitzero"`
	Overview           *AssociationOverview  `json:"Overview,omitempty"`
	ScheduleExpression string                `json:"ScheduleExpression,omitempty"`
	AssociationName    string                `json:"AssociationName,omitempty"`
	ScheduleOffset     int32                 `json:"ScheduleOffset,omitempty"`
	Duration           int32                 `json:"Duration,omitempty"`
	TargetMaps         []map[string][]string `json:"TargetMaps,omitempty"`
}

// AssociationVersionInfo is one stored version of an association.
type AssociationVersionInfo struct {
	AssociationID                 string                             `json:"AssociationId,omitempty"`
	AssociationVersion            string                             `json:"AssociationVersion,omitempty"`
	CreatedDate                   Timestamp                          `json:"CreatedDate,omitzero"`
	Name                          string                             `json:"Name,omitempty"`
	DocumentVersion               string                             `json:"DocumentVersion,omitempty"`
	Parameters                    map[string][]string                `json:"Parameters,omitempty"`
	Targets                       []Target                           `json:"Targets,omitempty"`
	ScheduleExpression            string                             `json:"ScheduleExpression,omitempty"`
	OutputLocation                *InstanceAssociationOutputLocation `json:"OutputLocation,omitempty"`
	AssociationName               string                             `json:"AssociationName,omitempty"`
	MaxErrors                     string                             `json:"MaxErrors,omitempty"`
	MaxConcurrency                string                             `json:"MaxConcurrency,omitempty"`
	ComplianceSeverity            ComplianceSeverity                 `json:"ComplianceSeverity,omitempty"`
	SyncCompliance                SyncCompliance                     `json:"SyncCompliance,omitempty"`
	ApplyOnlyAtCronInterval       bool                               `json:"ApplyOnlyAtCronInterval"`
	CalendarNames                 []string                           `json:"CalendarNames,omitempty"`
	TargetLocations               []TargetLocation                   `json:"TargetLocations,omitempty"`
	ScheduleOffset                int32                              `json:"ScheduleOffset,omitempty"`
	Duration                      int32                              `json:"Duration,omitempty"`
	TargetMaps                    []map[string][]string              `json:"TargetMaps,omitempty"`
	AssociationDispatchAssumeRole string                             `json:"AssociationDispatchAssumeRole,omitempty"`
}

// InstanceAssociation is one association in effect on a node
// (DescribeEffectiveInstanceAssociations).
type InstanceAssociation struct {
	AssociationID      string `json:"AssociationId,omitempty"`
	InstanceID         string `json:"InstanceId,omitempty"`
	Content            string `json:"Content,omitempty"`
	AssociationVersion string `json:"AssociationVersion,omitempty"`
}

// CreateAssociationBatchRequestEntry is one association to create in a batch.
type CreateAssociationBatchRequestEntry struct {
	Name                          string                             `json:"Name"`
	InstanceID                    string                             `json:"InstanceId,omitempty"`
	Parameters                    map[string][]string                `json:"Parameters,omitempty"`
	AutomationTargetParameterName string                             `json:"AutomationTargetParameterName,omitempty"`
	DocumentVersion               string                             `json:"DocumentVersion,omitempty"`
	Targets                       []Target                           `json:"Targets,omitempty"`
	ScheduleExpression            string                             `json:"ScheduleExpression,omitempty"`
	OutputLocation                *InstanceAssociationOutputLocation `json:"OutputLocation,omitempty"`
	AssociationName               string                             `json:"AssociationName,omitempty"`
	MaxErrors                     string                             `json:"MaxErrors,omitempty"`
	MaxConcurrency                string                             `json:"MaxConcurrency,omitempty"`
	ComplianceSeverity            ComplianceSeverity                 `json:"ComplianceSeverity,omitempty"`
	SyncCompliance                SyncCompliance                     `json:"SyncCompliance,omitempty"`
	ApplyOnlyAtCronInterval       bool                               `json:"ApplyOnlyAtCronInterval,omitempty"`
	CalendarNames                 []string                           `json:"CalendarNames,omitempty"`
	TargetLocations               []TargetLocation                   `json:"TargetLocations,omitempty"`
	ScheduleOffset                int32                              `json:"ScheduleOffset,omitempty"`
	Duration                      int32                              `json:"Duration,omitempty"`
	TargetMaps                    []map[string][]string              `json:"TargetMaps,omitempty"`
	AlarmConfiguration            *AlarmConfiguration                `json:"AlarmConfiguration,omitempty"`
}

// FailedCreateAssociation is a batch entry that was not created.
type FailedCreateAssociation struct {
	Entry   *CreateAssociationBatchRequestEntry `json:"Entry,omitempty"`
	Message string                              `json:"Message,omitempty"`
	Fault   Fault                               `json:"Fault,omitempty"`
}

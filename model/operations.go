package model

// Request and response documents of the association operations. Responses
// are named <Operation>Output (the model names them <Operation>Result).

// CreateAssociationInput is the CreateAssociation request.
type CreateAssociationInput struct {
	Name                          string                             `json:"Name"`
	DocumentVersion               string                             `json:"DocumentVersion,omitempty"`
	InstanceID                    string                             `json:"InstanceId,omitempty"`
	Parameters                    map[string][]string                `json:"Parameters,omitempty"`
	Targets                       []Target                           `json:"Targets,omitempty"`
	ScheduleExpression            string                             `json:"ScheduleExpression,omitempty"`
	OutputLocation                *InstanceAssociationOutputLocation `json:"OutputLocation,omitempty"`
	AssociationName               string                             `json:"AssociationName,omitempty"`
	AutomationTargetParameterName string                             `json:"AutomationTargetParameterName,omitempty"`
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
	Tags                          []Tag                              `json:"Tags,omitempty"`
	AlarmConfiguration            *AlarmConfiguration                `json:"AlarmConfiguration,omitempty"`
	AssociationDispatchAssumeRole string                             `json:"AssociationDispatchAssumeRole,omitempty"`
}

// CreateAssociationOutput is the CreateAssociation response.
type CreateAssociationOutput struct {
	AssociationDescription *AssociationDescription `json:"AssociationDescription,omitempty"`
}

// CreateAssociationBatchInput is the CreateAssociationBatch request.
type CreateAssociationBatchInput struct {
	Entries                       []CreateAssociationBatchRequestEntry `json:"Entries"`
	AssociationDispatchAssumeRole string                               `json:"AssociationDispatchAssumeRole,omitempty"`
}

// CreateAssociationBatchOutput is the CreateAssociationBatch response. AWS
// sends both lists even when empty (API reference sample: "Failed": []).
type CreateAssociationBatchOutput struct {
	Successful []AssociationDescription  `json:"Successful"`
	Failed     []FailedCreateAssociation `json:"Failed"`
}

// DeleteAssociationInput is the DeleteAssociation request.
type DeleteAssociationInput struct {
	Name          string `json:"Name,omitempty"`
	InstanceID    string `json:"InstanceId,omitempty"`
	AssociationID string `json:"AssociationId,omitempty"`
}

// DeleteAssociationOutput is the (empty) DeleteAssociation response.
type DeleteAssociationOutput struct{}

// DescribeAssociationInput is the DescribeAssociation request.
type DescribeAssociationInput struct {
	Name               string `json:"Name,omitempty"`
	InstanceID         string `json:"InstanceId,omitempty"`
	AssociationID      string `json:"AssociationId,omitempty"`
	AssociationVersion string `json:"AssociationVersion,omitempty"`
}

// DescribeAssociationOutput is the DescribeAssociation response.
type DescribeAssociationOutput struct {
	AssociationDescription *AssociationDescription `json:"AssociationDescription,omitempty"`
}

// DescribeAssociationExecutionsInput is the DescribeAssociationExecutions request.
type DescribeAssociationExecutionsInput struct {
	AssociationID string                       `json:"AssociationId"`
	Filters       []AssociationExecutionFilter `json:"Filters,omitempty"`
	MaxResults    int32                        `json:"MaxResults,omitempty"`
	NextToken     string                       `json:"NextToken,omitempty"`
}

// DescribeAssociationExecutionsOutput is the DescribeAssociationExecutions response.
type DescribeAssociationExecutionsOutput struct {
	AssociationExecutions []AssociationExecution `json:"AssociationExecutions"`
	NextToken             string                 `json:"NextToken,omitempty"`
}

// DescribeAssociationExecutionTargetsInput is the DescribeAssociationExecutionTargets request.
type DescribeAssociationExecutionTargetsInput struct {
	AssociationID string                              `json:"AssociationId"`
	ExecutionID   string                              `json:"ExecutionId"`
	Filters       []AssociationExecutionTargetsFilter `json:"Filters,omitempty"`
	MaxResults    int32                               `json:"MaxResults,omitempty"`
	NextToken     string                              `json:"NextToken,omitempty"`
}

// DescribeAssociationExecutionTargetsOutput is the DescribeAssociationExecutionTargets response.
type DescribeAssociationExecutionTargetsOutput struct {
	AssociationExecutionTargets []AssociationExecutionTarget `json:"AssociationExecutionTargets"`
	NextToken                   string                       `json:"NextToken,omitempty"`
}

// DescribeEffectiveInstanceAssociationsInput is the DescribeEffectiveInstanceAssociations request.
type DescribeEffectiveInstanceAssociationsInput struct {
	InstanceID string `json:"InstanceId"`
	MaxResults int32  `json:"MaxResults,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
}

// DescribeEffectiveInstanceAssociationsOutput is the DescribeEffectiveInstanceAssociations response.
type DescribeEffectiveInstanceAssociationsOutput struct {
	Associations []InstanceAssociation `json:"Associations"`
	NextToken    string                `json:"NextToken,omitempty"`
}

// DescribeInstanceAssociationsStatusInput is the DescribeInstanceAssociationsStatus request.
type DescribeInstanceAssociationsStatusInput struct {
	InstanceID string `json:"InstanceId"`
	MaxResults int32  `json:"MaxResults,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
}

// DescribeInstanceAssociationsStatusOutput is the DescribeInstanceAssociationsStatus response.
type DescribeInstanceAssociationsStatusOutput struct {
	InstanceAssociationStatusInfos []InstanceAssociationStatusInfo `json:"InstanceAssociationStatusInfos"`
	NextToken                      string                          `json:"NextToken,omitempty"`
}

// ListAssociationVersionsInput is the ListAssociationVersions request.
type ListAssociationVersionsInput struct {
	AssociationID string `json:"AssociationId"`
	MaxResults    int32  `json:"MaxResults,omitempty"`
	NextToken     string `json:"NextToken,omitempty"`
}

// ListAssociationVersionsOutput is the ListAssociationVersions response.
type ListAssociationVersionsOutput struct {
	AssociationVersions []AssociationVersionInfo `json:"AssociationVersions"`
	NextToken           string                   `json:"NextToken,omitempty"`
}

// ListAssociationsInput is the ListAssociations request.
type ListAssociationsInput struct {
	AssociationFilterList []AssociationFilter `json:"AssociationFilterList,omitempty"`
	MaxResults            int32               `json:"MaxResults,omitempty"`
	NextToken             string              `json:"NextToken,omitempty"`
}

// ListAssociationsOutput is the ListAssociations response.
type ListAssociationsOutput struct {
	Associations []Association `json:"Associations"`
	NextToken    string        `json:"NextToken,omitempty"`
}

// StartAssociationsOnceInput is the StartAssociationsOnce request.
type StartAssociationsOnceInput struct {
	AssociationIDs []string `json:"AssociationIds"`
}

// StartAssociationsOnceOutput is the (empty) StartAssociationsOnce response.
type StartAssociationsOnceOutput struct{}

// UpdateAssociationInput is the UpdateAssociation request. UpdateAssociation
// replaces the association: members left out are reset, not kept.
type UpdateAssociationInput struct {
	AssociationID                 string                             `json:"AssociationId"`
	Parameters                    map[string][]string                `json:"Parameters,omitempty"`
	DocumentVersion               string                             `json:"DocumentVersion,omitempty"`
	ScheduleExpression            string                             `json:"ScheduleExpression,omitempty"`
	OutputLocation                *InstanceAssociationOutputLocation `json:"OutputLocation,omitempty"`
	Name                          string                             `json:"Name,omitempty"`
	Targets                       []Target                           `json:"Targets,omitempty"`
	AssociationName               string                             `json:"AssociationName,omitempty"`
	AssociationVersion            string                             `json:"AssociationVersion,omitempty"`
	AutomationTargetParameterName string                             `json:"AutomationTargetParameterName,omitempty"`
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
	AssociationDispatchAssumeRole string                             `json:"AssociationDispatchAssumeRole,omitempty"`
}

// UpdateAssociationOutput is the UpdateAssociation response.
type UpdateAssociationOutput struct {
	AssociationDescription *AssociationDescription `json:"AssociationDescription,omitempty"`
}

// UpdateAssociationStatusInput is the UpdateAssociationStatus request
// (legacy InstanceId associations only).
type UpdateAssociationStatusInput struct {
	Name              string            `json:"Name"`
	InstanceID        string            `json:"InstanceId"`
	AssociationStatus AssociationStatus `json:"AssociationStatus"`
}

// UpdateAssociationStatusOutput is the UpdateAssociationStatus response.
type UpdateAssociationStatusOutput struct {
	AssociationDescription *AssociationDescription `json:"AssociationDescription,omitempty"`
}

// AssociationOperations lists the 13 association operations by name.
var AssociationOperations = []string{
	"CreateAssociation", "CreateAssociationBatch", "DeleteAssociation", "DescribeAssociation",
	"DescribeAssociationExecutionTargets", "DescribeAssociationExecutions",
	"DescribeEffectiveInstanceAssociations", "DescribeInstanceAssociationsStatus",
	"ListAssociationVersions", "ListAssociations", "StartAssociationsOnce",
	"UpdateAssociation", "UpdateAssociationStatus",
}

// GetCalendarStateInput is the GetCalendarState request.
type GetCalendarStateInput struct {
	CalendarNames []string `json:"CalendarNames"`
	AtTime        string   `json:"AtTime,omitempty"` // ISO-8601; default now
}

// GetCalendarStateOutput is the GetCalendarState response. Unlike
// timestamp members, its times are ISO-8601 strings
// ("2020-07-30T16:18:18Z", the user guide's example).
type GetCalendarStateOutput struct {
	State              string `json:"State,omitempty"` // OPEN or CLOSED
	AtTime             string `json:"AtTime,omitempty"`
	NextTransitionTime string `json:"NextTransitionTime,omitempty"` // omitted when the state never changes again
}

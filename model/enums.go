package model

// AssociationStatusName is the legacy association status (AssociationStatus.Name).
// The model enumerates Pending, Success and Failed; AWS also sends
// "Associated" at creation (API reference, CreateAssociationBatch sample).
type AssociationStatusName string

// AssociationStatusName values.
const (
	AssociationStatusPending    AssociationStatusName = "Pending"
	AssociationStatusSuccess    AssociationStatusName = "Success"
	AssociationStatusFailed     AssociationStatusName = "Failed"
	AssociationStatusAssociated AssociationStatusName = "Associated"
)

// Values returns the model's values (Associated is observed, not modelled).
func (AssociationStatusName) Values() []AssociationStatusName {
	return []AssociationStatusName{"Pending", "Success", "Failed"}
}

// ComplianceSeverity is an association's compliance severity.
type ComplianceSeverity string

// ComplianceSeverity values.
const (
	ComplianceSeverityCritical    ComplianceSeverity = "CRITICAL"
	ComplianceSeverityHigh        ComplianceSeverity = "HIGH"
	ComplianceSeverityMedium      ComplianceSeverity = "MEDIUM"
	ComplianceSeverityLow         ComplianceSeverity = "LOW"
	ComplianceSeverityUnspecified ComplianceSeverity = "UNSPECIFIED"
)

// Values returns all ComplianceSeverity values.
func (ComplianceSeverity) Values() []ComplianceSeverity {
	return []ComplianceSeverity{"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNSPECIFIED"}
}

// SyncCompliance says who reports association compliance.
type SyncCompliance string

// SyncCompliance values.
const (
	SyncComplianceAuto   SyncCompliance = "AUTO"
	SyncComplianceManual SyncCompliance = "MANUAL"
)

// Values returns all SyncCompliance values.
func (SyncCompliance) Values() []SyncCompliance { return []SyncCompliance{"AUTO", "MANUAL"} }

// Fault says whose fault a failed batch entry was.
type Fault string

// Fault values.
const (
	FaultClient  Fault = "Client"
	FaultServer  Fault = "Server"
	FaultUnknown Fault = "Unknown"
)

// Values returns all Fault values.
func (Fault) Values() []Fault { return []Fault{"Client", "Server", "Unknown"} }

// ExternalAlarmState is the state recorded in TriggeredAlarms.
type ExternalAlarmState string

// ExternalAlarmState values.
const (
	ExternalAlarmStateUnknown ExternalAlarmState = "UNKNOWN"
	ExternalAlarmStateAlarm   ExternalAlarmState = "ALARM"
)

// Values returns all ExternalAlarmState values.
func (ExternalAlarmState) Values() []ExternalAlarmState {
	return []ExternalAlarmState{"UNKNOWN", "ALARM"}
}

// AssociationFilterKey is a ListAssociations filter key.
type AssociationFilterKey string

// AssociationFilterKey values.
const (
	AssociationFilterKeyInstanceID            AssociationFilterKey = "InstanceId"
	AssociationFilterKeyName                  AssociationFilterKey = "Name"
	AssociationFilterKeyAssociationID         AssociationFilterKey = "AssociationId"
	AssociationFilterKeyAssociationStatusName AssociationFilterKey = "AssociationStatusName"
	AssociationFilterKeyLastExecutedBefore    AssociationFilterKey = "LastExecutedBefore"
	AssociationFilterKeyLastExecutedAfter     AssociationFilterKey = "LastExecutedAfter"
	AssociationFilterKeyAssociationName       AssociationFilterKey = "AssociationName"
	AssociationFilterKeyResourceGroupName     AssociationFilterKey = "ResourceGroupName"
)

// Values returns all AssociationFilterKey values.
func (AssociationFilterKey) Values() []AssociationFilterKey {
	return []AssociationFilterKey{"InstanceId", "Name", "AssociationId", "AssociationStatusName",
		"LastExecutedBefore", "LastExecutedAfter", "AssociationName", "ResourceGroupName"}
}

// AssociationExecutionFilterKey is a DescribeAssociationExecutions filter key.
type AssociationExecutionFilterKey string

// AssociationExecutionFilterKey values.
const (
	AssociationExecutionFilterKeyExecutionID AssociationExecutionFilterKey = "ExecutionId"
	AssociationExecutionFilterKeyStatus      AssociationExecutionFilterKey = "Status"
	AssociationExecutionFilterKeyCreatedTime AssociationExecutionFilterKey = "CreatedTime"
)

// Values returns all AssociationExecutionFilterKey values.
func (AssociationExecutionFilterKey) Values() []AssociationExecutionFilterKey {
	return []AssociationExecutionFilterKey{"ExecutionId", "Status", "CreatedTime"}
}

// AssociationExecutionTargetsFilterKey is a DescribeAssociationExecutionTargets filter key.
type AssociationExecutionTargetsFilterKey string

// AssociationExecutionTargetsFilterKey values.
const (
	AssociationExecutionTargetsFilterKeyStatus       AssociationExecutionTargetsFilterKey = "Status"
	AssociationExecutionTargetsFilterKeyResourceID   AssociationExecutionTargetsFilterKey = "ResourceId"
	AssociationExecutionTargetsFilterKeyResourceType AssociationExecutionTargetsFilterKey = "ResourceType"
)

// Values returns all AssociationExecutionTargetsFilterKey values.
func (AssociationExecutionTargetsFilterKey) Values() []AssociationExecutionTargetsFilterKey {
	return []AssociationExecutionTargetsFilterKey{"Status", "ResourceId", "ResourceType"}
}

// AssociationFilterOperatorType compares a DescribeAssociationExecutions filter value.
type AssociationFilterOperatorType string

// AssociationFilterOperatorType values.
const (
	AssociationFilterOperatorEqual       AssociationFilterOperatorType = "EQUAL"
	AssociationFilterOperatorLessThan    AssociationFilterOperatorType = "LESS_THAN"
	AssociationFilterOperatorGreaterThan AssociationFilterOperatorType = "GREATER_THAN"
)

// Values returns all AssociationFilterOperatorType values.
func (AssociationFilterOperatorType) Values() []AssociationFilterOperatorType {
	return []AssociationFilterOperatorType{"EQUAL", "LESS_THAN", "GREATER_THAN"}
}

// ExecutionStatus is the status of an association execution, of one of its
// targets, or of a node's latest run (the model types these as free strings;
// these are the values ssmsim emits, from the SSM Agent's vocabulary).
type ExecutionStatus string

// ExecutionStatus values.
const (
	StatusPending    ExecutionStatus = "Pending"
	StatusInProgress ExecutionStatus = "InProgress"
	StatusSuccess    ExecutionStatus = "Success"
	StatusFailed     ExecutionStatus = "Failed"
	StatusTimedOut   ExecutionStatus = "TimedOut"
	StatusCancelled  ExecutionStatus = "Cancelled"
	StatusSkipped    ExecutionStatus = "Skipped"
)

// Values returns all ExecutionStatus values.
func (ExecutionStatus) Values() []ExecutionStatus {
	return []ExecutionStatus{"Pending", "InProgress", "Success", "Failed", "TimedOut", "Cancelled", "Skipped"}
}

// Terminal reports whether a target in this status has finished.
func (s ExecutionStatus) Terminal() bool {
	switch s {
	case StatusSuccess, StatusFailed, StatusTimedOut, StatusCancelled, StatusSkipped:
		return true
	}
	return false
}

// Detailed statuses beyond the ExecutionStatus values (Run Command's
// invocation detail vocabulary, which State Manager dispatches through).
const (
	DetailedUndeliverable     = "Undeliverable"
	DetailedInvalidPlatform   = "InvalidPlatform"
	DetailedExecutionTimedOut = "Execution Timed Out"
	DetailedCreating          = "Creating"
	DetailedAssociated        = "Associated"
)

// Resource and output-source vocabulary of AssociationExecutionTarget.
const (
	ResourceTypeManagedInstance = "ManagedInstance"
	OutputSourceTypeRunCommand  = "RunCommand"
)

// PlatformType is a managed node's operating-system family.
type PlatformType string

// PlatformType values.
const (
	PlatformLinux   PlatformType = "Linux"
	PlatformWindows PlatformType = "Windows"
	PlatformMacOS   PlatformType = "MacOS"
)

// Values returns all PlatformType values.
func (PlatformType) Values() []PlatformType { return []PlatformType{"Windows", "Linux", "MacOS"} }

// AlarmState is a CloudWatch alarm's state.
type AlarmState string

// AlarmState values.
const (
	AlarmStateOK               AlarmState = "OK"
	AlarmStateAlarm            AlarmState = "ALARM"
	AlarmStateInsufficientData AlarmState = "INSUFFICIENT_DATA"
)

// Values returns all AlarmState values.
func (AlarmState) Values() []AlarmState { return []AlarmState{"OK", "ALARM", "INSUFFICIENT_DATA"} }

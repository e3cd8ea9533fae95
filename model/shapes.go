package model

// Target selects managed nodes: Key is "InstanceIds", "tag:<key>",
// "tag-key" or "resource-groups:Name"; Values are matched by the key's rule.
type Target struct {
	Key    string   `json:"Key"` // "" is sent, so that it fails the model's length rule as on the wire
	Values []string `json:"Values,omitempty"`
}

// Tag is a key-value pair on a resource.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Alarm names a CloudWatch alarm.
type Alarm struct {
	Name string `json:"Name"`
}

// AlarmConfiguration gates an association on one CloudWatch alarm.
// AWS echoes IgnorePollAlarmFailure even when false.
type AlarmConfiguration struct {
	IgnorePollAlarmFailure bool    `json:"IgnorePollAlarmFailure"`
	Alarms                 []Alarm `json:"Alarms"`
}

// AlarmStateInformation is an alarm that stopped (or would have stopped) a run.
type AlarmStateInformation struct {
	Name  string             `json:"Name"`
	State ExternalAlarmState `json:"State"`
}

// S3OutputLocation is where run output is written.
type S3OutputLocation struct {
	OutputS3Region     string `json:"OutputS3Region,omitempty"`
	OutputS3BucketName string `json:"OutputS3BucketName,omitempty"`
	OutputS3KeyPrefix  string `json:"OutputS3KeyPrefix,omitempty"`
}

// InstanceAssociationOutputLocation wraps an S3 output location.
type InstanceAssociationOutputLocation struct {
	S3Location *S3OutputLocation `json:"S3Location,omitempty"`
}

// S3OutputURL is the URL of one node's run output.
type S3OutputURL struct {
	OutputURL string `json:"OutputUrl,omitempty"`
}

// InstanceAssociationOutputURL wraps an S3 output URL.
type InstanceAssociationOutputURL struct {
	S3OutputURL *S3OutputURL `json:"S3OutputUrl,omitempty"`
}

// TargetLocation runs an association across accounts and Regions.
type TargetLocation struct {
	Accounts                         []string            `json:"Accounts,omitempty"`
	Regions                          []string            `json:"Regions,omitempty"`
	TargetLocationMaxConcurrency     string              `json:"TargetLocationMaxConcurrency,omitempty"`
	TargetLocationMaxErrors          string              `json:"TargetLocationMaxErrors,omitempty"`
	ExecutionRoleName                string              `json:"ExecutionRoleName,omitempty"`
	TargetLocationAlarmConfiguration *AlarmConfiguration `json:"TargetLocationAlarmConfiguration,omitempty"`
	IncludeChildOrganizationUnits    bool                `json:"IncludeChildOrganizationUnits,omitempty"`
	ExcludeAccounts                  []string            `json:"ExcludeAccounts,omitempty"`
	Targets                          []Target            `json:"Targets,omitempty"`
	TargetsMaxConcurrency            string              `json:"TargetsMaxConcurrency,omitempty"`
	TargetsMaxErrors                 string              `json:"TargetsMaxErrors,omitempty"`
}

// AssociationOverview summarises an association's latest state.
type AssociationOverview struct {
	Status                           string           `json:"Status,omitempty"`
	DetailedStatus                   string           `json:"DetailedStatus,omitempty"`
	AssociationStatusAggregatedCount map[string]int32 `json:"AssociationStatusAggregatedCount,omitempty"`
}

// AssociationStatus is the legacy status object (root Status member).
type AssociationStatus struct {
	Date           Timestamp             `json:"Date"`
	Name           AssociationStatusName `json:"Name"`
	Message        string                `json:"Message"`
	AdditionalInfo string                `json:"AdditionalInfo,omitempty"`
}

// OutputSource identifies the Run Command invocation behind a target run.
type OutputSource struct {
	OutputSourceID   string `json:"OutputSourceId,omitempty"`
	OutputSourceType string `json:"OutputSourceType,omitempty"`
}

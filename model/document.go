package model

// DocumentDescription describes an SSM document (CreateDocument,
// DescribeDocument). ssmsim fills the members that apply to the documents
// it simulates.
type DocumentDescription struct {
	Hash            string              `json:"Hash,omitempty"`
	HashType        string              `json:"HashType,omitempty"` // Sha256
	Name            string              `json:"Name,omitempty"`
	DisplayName     string              `json:"DisplayName,omitempty"`
	VersionName     string              `json:"VersionName,omitempty"`
	Owner           string              `json:"Owner,omitempty"`
	CreatedDate     Timestamp           `json:"CreatedDate,omitzero"`
	Status          string              `json:"Status,omitempty"` // Creating, Active, …
	DocumentVersion string              `json:"DocumentVersion,omitempty"`
	Description     string              `json:"Description,omitempty"`
	Parameters      []DocumentParameter `json:"Parameters,omitempty"`
	PlatformTypes   []PlatformType      `json:"PlatformTypes,omitempty"`
	DocumentType    string              `json:"DocumentType,omitempty"`
	SchemaVersion   string              `json:"SchemaVersion,omitempty"`
	LatestVersion   string              `json:"LatestVersion,omitempty"`
	DefaultVersion  string              `json:"DefaultVersion,omitempty"`
	DocumentFormat  string              `json:"DocumentFormat,omitempty"`
	TargetType      string              `json:"TargetType,omitempty"`
	// Tags is always present, [] when empty (create-document and
	// describe-document CLI examples).
	Tags []Tag `json:"Tags"`
}

// DocumentParameter is one parameter a document accepts.
type DocumentParameter struct {
	Name        string `json:"Name,omitempty"`
	Type        string `json:"Type,omitempty"` // String, StringList
	Description string `json:"Description,omitempty"`
	// DefaultValue is present, "" included, when the parameter has a
	// default (create-document CLI example); nil for a required parameter.
	DefaultValue *string `json:"DefaultValue,omitempty"`
}

// CreateDocumentInput is the CreateDocument request.
type CreateDocumentInput struct {
	Content        string `json:"Content"`
	Name           string `json:"Name"`
	DisplayName    string `json:"DisplayName,omitempty"`
	VersionName    string `json:"VersionName,omitempty"`
	DocumentType   string `json:"DocumentType,omitempty"`
	DocumentFormat string `json:"DocumentFormat,omitempty"`
	TargetType     string `json:"TargetType,omitempty"`
	Tags           []Tag  `json:"Tags,omitempty"`
}

// CreateDocumentOutput is the CreateDocument response.
type CreateDocumentOutput struct {
	DocumentDescription *DocumentDescription `json:"DocumentDescription,omitempty"`
}

// DescribeDocumentInput is the DescribeDocument request.
type DescribeDocumentInput struct {
	Name            string `json:"Name"`
	DocumentVersion string `json:"DocumentVersion,omitempty"`
	VersionName     string `json:"VersionName,omitempty"`
}

// DescribeDocumentOutput is the DescribeDocument response.
type DescribeDocumentOutput struct {
	Document *DocumentDescription `json:"Document,omitempty"`
}

// Document error codes.
const (
	ErrCodeDocumentAlreadyExists   = "DocumentAlreadyExists"
	ErrCodeMaxDocumentSizeExceeded = "MaxDocumentSizeExceeded"
	ErrCodeInvalidDocumentContent  = "InvalidDocumentContent"
)

// DocumentNamePattern is the model's pattern for names of new documents.
const DocumentNamePattern = `^[a-zA-Z0-9_\-.]{3,128}$`

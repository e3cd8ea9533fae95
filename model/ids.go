package model

import "regexp"

// Identifier patterns from the service model.
const (
	InstanceIDPattern      = `(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)`
	AssociationIDPattern   = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`
	DocumentARNPattern     = `^[a-zA-Z0-9_\-.:/]{3,128}$`
	AssociationNamePattern = `^[a-zA-Z0-9_\-.]{3,128}$`
)

var (
	instanceIDRE    = regexp.MustCompile(InstanceIDPattern)
	associationIDRE = regexp.MustCompile(`^` + AssociationIDPattern + `$`)
)

// ValidInstanceID reports whether s is a managed node ID (i-… or mi-…).
func ValidInstanceID(s string) bool { return instanceIDRE.MatchString(s) }

// ValidAssociationID reports whether s is a UUID-shaped association or
// execution ID.
func ValidAssociationID(s string) bool { return associationIDRE.MatchString(s) }

// Package javaregex translates the Java regular expressions of the SSM
// service model into Go's RE2 syntax with the same meaning, for the model
// checker (find semantics) and the request validator (full-match semantics),
// which differ only in what Java's "$" becomes.
//
// # Imports
//
// It imports nothing of ssmsim's.
package javaregex

// Package charts draws the reports' charts with gonum.org/v1/plot as SVG
// markup to embed in HTML: no XML prolog, no embedded fonts, no scripts.
// The same input gives the same bytes.
//
// # Imports
//
// It imports nothing of ssmsim's: it draws numbers it is given.
package charts

// Command ssmsim simulates AWS Systems Manager State Manager associations
// on a virtual fleet. Run `ssmsim help` for the commands.
//
// # Imports
//
// It is the wiring: it may import every package; none imports it.
package main

// Package sim is ssmsim's simulation: a deterministic discrete-event engine
// (package engine) driving a virtual fleet of managed nodes and the State
// Manager control plane — associations, their executions, rate control —
// and the commands and queries through which package ssmapi answers the
// SSM API over the simulated state (ssmapi.Control, implemented in
// reader.go and commands.go); the Sim methods named after the operations
// forward there.
//
// # Flow
//
//	CreateAssociation ──▶ execution start (event) ──▶ resolve targets (snapshot N)
//	                                                   │
//	      ┌──── target finished (event) ◀── dispatch ◀─┤ rate control: ≤ MaxConcurrency
//	      │                                            │ in flight; stop once errors
//	      └──▶ count outcome ──▶ dispatch more ────────┘ exceed the MaxErrors threshold
//	                          └─▶ nothing in flight and nothing left: finish execution
//
// # Determinism
//
// One seed drives everything: node IDs, association and execution IDs, every
// random draw (see Streams). The engine is single-threaded; equal-time
// events resolve by class — control actions (0), then target completions
// and pickups (1), then Duration cut-offs (2), then execution starts and
// schedule ticks (3) — and within a class in scheduling order.
// Targets are dispatched in resolution order: an explicit InstanceIds list
// in the order given, any other target in fleet order (the order nodes
// joined).
//
// # Snapshots
//
// WriteSnapshot writes a simulation's whole state and ReadSnapshot rebuilds
// it; the restored simulation goes on exactly as the original would have
// (snapshot.go says what is kept and what is rebuilt). serve --state uses
// them to restart without re-simulating its history.
//
// # Imports
//
// It imports model and its subpackages, sim/engine, sim/catalog,
// sim/compliance, sim/filter, sim/paging, sim/ssmapi (the operations),
// sim/status and
// sim/result (whose types it re-exports); never
// sim/server, scenarios, reports or cmd (they are built on it).
package sim

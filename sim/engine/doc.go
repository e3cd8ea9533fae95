// Package engine is ssmsim's discrete-event core: a virtual clock and one
// event queue, single-threaded and deterministic.
//
// Events are small values ordered by (time, class, sequence): earlier time
// first; at equal times the lower Class first; within a class, the event
// scheduled first runs first (the sequence number is assigned at Schedule).
// Nothing here reads the wall clock, sleeps, or starts goroutines: time moves
// only when Step, RunUntil or Run pops an event.
package engine

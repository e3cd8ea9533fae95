// Package engine is ssmsim's discrete-event core: a virtual clock and one
// event queue, single-threaded and deterministic.
//
// Events are small values ordered by (time, class, sequence): earlier time
// first; at equal times the lower Class first; within a class, the event
// scheduled first runs first (the sequence number is assigned at Schedule).
// Nothing here reads the wall clock, sleeps, or starts goroutines: time moves
// only when Step, RunUntil or Run pops an event.
//
// The queue is a calendar queue (see queue.go): events are filed by time into
// buckets of about a second on a 256-bucket wheel, with binary heaps for the
// current bucket's latecomers and for events beyond the wheel's span (about
// 4.5 minutes). Scheduling and delivery cost amortized O(1) for events spread
// over time, rather than O(log n) cache misses in one heap of everything
// pending, and allocate nothing once the queue has grown to its working size.
// The delivered order is exactly the (time, class, sequence) order above.
//
// # Imports
//
// It imports nothing of ssmsim's: events are typed by the caller.
package engine

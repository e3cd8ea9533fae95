package engine

import (
	"math/bits"
	"slices"
	"sync"
)

// The event queue is a calendar queue. Time is cut into buckets of
// 2^bucketShift ns (about 1.07 s); b(t) = t >> bucketShift, an arithmetic
// shift, so the floor also for instants before 1970. With cb the current
// bucket:
//
//   - the run holds bucket cb's events, sorted, consumed from the front;
//   - late is a binary heap of the events scheduled into a bucket <= cb after
//     the run was sorted (after PeekTime has moved cb past the clock, events
//     scheduled at the clock can fall in a bucket below cb; they go here too);
//   - the wheel holds, unsorted, the events with cb < b < cb+wheelSlots, in
//     slot b mod wheelSlots; a bitmap marks the non-empty slots;
//   - far is a binary heap of the events with b >= cb+wheelSlots.
//
// So the least event is the lesser of the run's front and late's top, and
// every event there precedes every event on the wheel, which in turn precede
// every event in far. When the run and late are both empty, cb moves to the
// next non-empty slot (with an empty wheel, to far's least bucket), that
// slot's events are sorted into the run, and far's events that now fall
// inside the wheel's window move onto it. Scheduling is an append and
// delivery a read of the next element, with one sort per bucket in between,
// instead of two walks up and down a heap of everything pending, whose cache
// misses dominate once hundreds of thousands of events wait.
//
// The order delivered is exactly the plain heap's: (At, Class, Seq) is a
// strict total order (Seq is unique), so any correct priority queue yields
// the same sequence, and every comparison here uses that full order.
//
// A slot is a chain of fixed-size chunks rather than a slice, so that a slot
// holds memory only for the events in it: its chunks go back to a free list
// when it is drained. The wheel thus retains about the peak number of events
// pending on it, plus at most one partly filled chunk per slot (256 KiB);
// the run's array grows to the largest bucket seen. Nothing is allocated per
// event once these have grown to the working set's size. A queue that
// empties lends its chunks to the next queue that needs them (spare).
const (
	bucketShift = 30  // bucket width 2^30 ns ≈ 1.07 s
	wheelSlots  = 256 // must be a power of two and a multiple of 64
	slotMask    = wheelSlots - 1
	chunkEvents = 32 // events per chunk (1 KiB): small simulations allocate little
	smallRun    = 8  // drain insertion-sorts up to this many events
)

var _ [chunkEvents - smallRun]struct{} // a small run fits in one chunk

func bucketOf(t Time) int64 { return int64(t) >> bucketShift }

func less(a, b *Event) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	if a.Class != b.Class {
		return a.Class < b.Class
	}
	return a.Seq < b.Seq
}

// heap is a binary min-heap of events by (At, Class, Seq), typed so that push
// and pop neither box nor allocate (container/heap does both).
type heap []Event

func (h *heap) push(ev Event) {
	s := append(*h, ev)
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(&ev, &s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = ev
	*h = s
}

// pop removes and returns the least event; the heap must not be empty.
//
// It walks the hole left at the root down to a leaf along the lesser
// children, then sifts the last element up from there (Floyd's variant: the
// last element usually belongs near the bottom, so this saves about one
// comparison per level).
func (h *heap) pop() Event {
	s := *h
	top := s[0]
	n := len(s) - 1
	x := s[n]
	s = s[:n]
	if n > 0 {
		i := 0
		for {
			l := 2*i + 1
			if l >= n {
				break
			}
			if r := l + 1; r < n && less(&s[r], &s[l]) {
				l = r
			}
			s[i] = s[l]
			i = l
		}
		for i > 0 {
			p := (i - 1) / 2
			if !less(&x, &s[p]) {
				break
			}
			s[i] = s[p]
			i = p
		}
		s[i] = x
	}
	*h = s
	return top
}

type chunk struct {
	next *chunk
	ev   [chunkEvents]Event
}

// slot is one wheel bucket: a chain of chunks, all full but the tail, which
// holds tailN events. An empty slot has head == nil.
type slot struct {
	head, tail *chunk
	tailN      int
}

// parts yields the slot's events chunk by chunk, in chain order.
func (s *slot) parts(yield func([]Event) bool) {
	for c := s.head; c != nil; c = c.next {
		evs := c.ev[:]
		if c == s.tail {
			evs = c.ev[:s.tailN]
		}
		if !yield(evs) || c == s.tail {
			return
		}
	}
}

type queue struct {
	n      int     // events pending in all parts
	cb     int64   // current bucket
	run    []Event // bucket cb's events, sorted; run[pos:] are pending
	pos    int
	late   heap // events of buckets <= cb scheduled after run was sorted
	far    heap
	slots  [wheelSlots]slot
	used   [wheelSlots / 64]uint64 // bit s set iff slots[s] is non-empty
	inWh   int                     // events on the wheel
	free   *chunk                  // recycled chunks
	chunks int                     // chunks held (on the wheel or free)
	counts []int32                 // drain's scratch (int32: a slot holds < 2^31 events)
}

// start sets the current bucket to t's, so that the first events scheduled
// near t go straight onto the wheel. Only valid on an empty queue.
func (q *queue) start(t Time) { q.cb = bucketOf(t) }

func (q *queue) push(ev Event) {
	q.n++
	q.place(ev)
}

// place files ev under the part its bucket belongs to.
func (q *queue) place(ev Event) {
	b := bucketOf(ev.At)
	switch d := b - q.cb; {
	case d <= 0:
		q.late.push(ev)
	case d < wheelSlots:
		q.append(int(b&slotMask), &ev)
	default:
		q.far.push(ev)
	}
}

// append files ev in slot i. By pointer: with the slot an Event is more
// than the registers hold, and passed on the stack it was copied there
// with wide loads of the narrow stores that had just spilled it.
func (q *queue) append(i int, ev *Event) {
	copyEvent(q.tail(i), ev)
}

// copyEvent sets *d to *s member by member: an event is often built on
// the stack a byte here and four bytes there, and a whole copy's wide
// loads would wait for those stores to retire (store forwarding fails
// across them).
func copyEvent(d, s *Event) {
	d.At, d.Seq, d.A, d.B, d.C, d.Class, d.Kind, d.Aux = s.At, s.Seq, s.A, s.B, s.C, s.Class, s.Kind, s.Aux
}

// tail returns the place for one more event in slot i, counted on the
// wheel; the caller fills it.
func (q *queue) tail(i int) *Event {
	s := &q.slots[i]
	if s.tailN == chunkEvents || s.head == nil {
		q.extend(i)
	}
	d := &s.tail.ev[s.tailN]
	s.tailN++
	q.inWh++
	return d
}

// extend chains a chunk to slot i, whose tail is full or which is empty.
func (q *queue) extend(i int) {
	s := &q.slots[i]
	if q.free == nil {
		q.borrow()
	}
	c := q.free
	if c != nil {
		q.free = c.next
		c.next = nil
	} else {
		c = new(chunk)
		q.chunks++
	}
	if s.head == nil {
		s.head = c
		q.used[i>>6] |= 1 << (i & 63)
	} else {
		s.tail.next = c
	}
	s.tail = c
	s.tailN = 0
}

// top returns the least event; the queue must not be empty.
func (q *queue) top() *Event {
	if q.pos == len(q.run) {
		if len(q.late) == 0 {
			q.advance()
		} else {
			return &q.late[0]
		}
	}
	if len(q.late) > 0 && less(&q.late[0], &q.run[q.pos]) {
		return &q.late[0]
	}
	return &q.run[q.pos]
}

// spare passes chunks from queues that emptied to queues that need them:
// a sweep runs thousands of small simulations one after another on each
// worker, and each would otherwise allocate its wheel's chunks anew — most
// of what a small simulation allocates. An item is a chain of at most
// spareChain chunks, so a queue never takes on much more than it needs.
// Chunks are storage only: which ones a queue gets changes nothing it does.
var spare sync.Pool

const spareChain = 64

// borrow takes a chain of chunks from spare onto the free list.
func (q *queue) borrow() {
	c, _ := spare.Get().(*chunk)
	for c != nil {
		next := c.next
		c.next, q.free = q.free, c
		q.chunks++
		c = next
	}
}

// lend gives the free list to spare, in chains of at most spareChain.
func (q *queue) lend() {
	for q.free != nil {
		head := q.free
		tail := head
		n := 1
		for n < spareChain && tail.next != nil {
			tail, n = tail.next, n+1
		}
		q.free, tail.next = tail.next, nil
		q.chunks -= n
		spare.Put(head)
	}
}

// popInto removes the least event into d; the queue must not be empty.
// Into d rather than returned: an Event returned by value is spilled to
// the stack a member at a time, and its copy's 16-byte loads then wait for
// those stores to retire (a tenth of Step's cost at 10,000 nodes).
func (q *queue) popInto(d *Event) {
	q.n--
	if q.pos == len(q.run) {
		if len(q.late) == 0 {
			q.advance()
		} else {
			*d = q.late.pop()
			return
		}
	}
	if len(q.late) > 0 && less(&q.late[0], &q.run[q.pos]) {
		*d = q.late.pop()
		return
	}
	copyEvent(d, &q.run[q.pos])
	q.pos++
}

// advance moves cb to the next non-empty bucket and makes its events the
// run. Only valid when the run and late are empty but the queue is not.
func (q *queue) advance() {
	if q.inWh == 0 {
		// Jump to just before far's least bucket; pulling far's events in
		// below puts that bucket on the wheel.
		q.cb = bucketOf(q.far[0].At) - 1
		q.pull()
	}
	i := q.nextSlot(int((q.cb + 1) & slotMask))
	q.cb += int64((i - int(q.cb&slotMask)) & slotMask)
	q.drain(i)
	q.pull()
}

// pull moves far's events that now fall inside the wheel's window onto it.
func (q *queue) pull() {
	limit := q.cb + wheelSlots
	for len(q.far) > 0 && bucketOf(q.far[0].At) < limit {
		q.place(q.far.pop())
	}
}

// nextSlot returns the first non-empty slot at or circularly after from; the
// wheel must not be empty.
func (q *queue) nextSlot(from int) int {
	w := from >> 6
	if m := q.used[w] & (^uint64(0) << (from & 63)); m != 0 {
		return w<<6 | bits.TrailingZeros64(m)
	}
	for k := 1; k <= len(q.used); k++ {
		w = (w + 1) % len(q.used)
		if m := q.used[w]; m != 0 {
			return w<<6 | bits.TrailingZeros64(m)
		}
	}
	panic("engine: queue wheel count out of step with its bitmap")
}

// drain empties slot i, whose events all fall in bucket cb, into the run,
// sorted, and returns the slot's chunks to the free list.
//
// Small slots are copied and insertion-sorted. Larger ones are counting-
// sorted on the high bits of the event's offset within the bucket, into
// k to 2k groups, so that spread-out instants mostly land alone and need
// no sorting, and each group then sorted by the full (At, Class, Seq)
// order; that is O(k) for spread-out instants and O(k log k) at worst.
func (q *queue) drain(i int) {
	s := &q.slots[i]
	k := 0
	for evs := range s.parts {
		k += len(evs)
	}
	run := q.run
	if cap(run) < k {
		run = make([]Event, k, k+k/4)
	}
	run = run[:k]
	if k <= smallRun { // then the slot is one chunk
		copy(run, s.head.ev[:k])
		insertionSort(run)
	} else {
		gbits := min(bits.Len(uint(k)), 16)
		g := 1 << gbits
		shift := bucketShift - gbits
		if cap(q.counts) < g+1 {
			q.counts = make([]int32, g+1)
		}
		counts := q.counts[:g+1]
		clear(counts)
		base := uint64(q.cb) << bucketShift
		for evs := range s.parts {
			for j := range evs {
				counts[(uint64(evs[j].At)-base)>>shift+1]++
			}
		}
		for j := 1; j <= g; j++ {
			counts[j] += counts[j-1]
		}
		for evs := range s.parts {
			for j := range evs {
				key := (uint64(evs[j].At) - base) >> shift
				run[counts[key]] = evs[j]
				counts[key]++
			}
		}
		start := int32(0)
		for _, end := range counts[:g] {
			switch {
			case end-start <= 1:
			case end-start <= 24:
				insertionSort(run[start:end])
			default:
				slices.SortFunc(run[start:end], compare)
			}
			start = end
		}
	}
	q.inWh -= k
	s.tail.next = q.free
	q.free = s.head
	*s = slot{}
	q.used[i>>6] &^= 1 << (i & 63)
	q.run, q.pos = run, 0
}

func insertionSort(s []Event) {
	for i := 1; i < len(s); i++ {
		x := s[i]
		j := i
		for ; j > 0 && less(&x, &s[j-1]); j-- {
			s[j] = s[j-1]
		}
		s[j] = x
	}
}

func compare(a, b Event) int {
	if less(&a, &b) {
		return -1
	}
	if less(&b, &a) {
		return 1
	}
	return 0
}

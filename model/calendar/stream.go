package calendar

import (
	"container/heap"
	"time"
)

// source yields intervals in order of Start, lazily: queries stop pulling
// as soon as they have their answer, so unbounded recurrences cost only the
// instances up to that point.
type source func() (Interval, bool)

// occurrences yields e's instances that overlap [lo, hi), clipped to it.
func occurrences(e *event, lo, hi time.Time) source {
	next := e.instances(lo, hi)
	done := false
	return func() (Interval, bool) {
		for !done {
			s, ok := next()
			if !ok || !s.Before(hi) {
				done = true
				break
			}
			end := e.endOf(s)
			if !end.After(lo) {
				continue
			}
			if s.Before(lo) {
				s = lo
			}
			if end.After(hi) {
				end = hi
			}
			return Interval{s, end}, true
		}
		return Interval{}, false
	}
}

// union merges sources into disjoint, non-adjacent intervals in order:
// overlapping or touching intervals become one, so there is no transition
// between back-to-back events.
func union(srcs []source) source {
	h := &heads{}
	for _, src := range srcs {
		if iv, ok := src(); ok {
			h.items = append(h.items, head{iv, src})
		}
	}
	heap.Init(h)
	// take returns the earliest head and replaces it with its source's next.
	take := func() Interval {
		top := &h.items[0]
		iv := top.iv
		if nxt, ok := top.src(); ok {
			top.iv = nxt
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
		return iv
	}
	return func() (Interval, bool) {
		if h.Len() == 0 {
			return Interval{}, false
		}
		cur := take()
		for h.Len() > 0 && !h.items[0].iv.Start.After(cur.End) {
			if iv := take(); iv.End.After(cur.End) {
				cur.End = iv.End
			}
		}
		return cur, true
	}
}

// complement yields the gaps of a disjoint, ordered source within [lo, hi).
func complement(src source, lo, hi time.Time) source {
	cursor, done := lo, false
	return func() (Interval, bool) {
		for !done {
			iv, ok := src()
			if !ok {
				done = true
				if cursor.Before(hi) {
					return Interval{cursor, hi}, true
				}
				break
			}
			gap := Interval{cursor, iv.Start}
			cursor = iv.End
			if gap.Start.Before(gap.End) {
				return gap, true
			}
		}
		return Interval{}, false
	}
}

type head struct {
	iv  Interval
	src source
}

// heads is a min-heap of sources by their next interval's Start.
type heads struct{ items []head }

func (h *heads) Len() int           { return len(h.items) }
func (h *heads) Less(i, j int) bool { return h.items[i].iv.Start.Before(h.items[j].iv.Start) }
func (h *heads) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *heads) Push(x any)         { h.items = append(h.items, x.(head)) }
func (h *heads) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

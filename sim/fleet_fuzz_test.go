package sim

import (
	"testing"
	"time"
)

// FuzzLookup: parsing a node ID never panics, and an ID it accepts is the
// ID of the node it names.
func FuzzLookup(f *testing.F) {
	fl := newFleet(NewStreams(1))
	if _, err := fl.Add(NodeGroup{Count: 10, Behavior: Behavior{Duration: Fixed(time.Second)}}); err != nil {
		f.Fatal(err)
	}
	if _, err := fl.Add(NodeGroup{Count: 10, Kind: KindManaged, Behavior: Behavior{Duration: Fixed(time.Second)}}); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{fl.ID(0), fl.ID(15), "i-0123456789abcdef0", "mi-", "i-0ABCDEF0123456789", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		n, ok := fl.Lookup(id)
		if ok && fl.ID(n) != id {
			t.Fatalf("Lookup(%q) = %d, whose ID is %q", id, n, fl.ID(n))
		}
	})
}

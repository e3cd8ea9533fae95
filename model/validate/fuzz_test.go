package validate

import (
	"errors"
	"testing"
)

// FuzzCheck: any operation name and body gets an answer, never a panic; a
// known operation answers either violations or a *DecodeError, never both.
func FuzzCheck(f *testing.F) {
	bodies := []string{`{}`, ``, `[]`, `null`, `{"MaxResults": 51}`, `{"Targets": [{"Key": "k", "Values": ["a", null]}]}`,
		`{"Parameters": {"a": ["b"]}, "TargetMaps": [{"k": ["v"]}, {}]}`, `{"AssociationIds": ["x", 1]}`, `{"a":1,"a":2}`, "\xff",
		`{"AssociationStatus": {"Date": 1.5e9, "Name": "Nope"}}`, `{"MaxResults": 1e999}`, `{"Filters": [{}]}`}
	for _, op := range Operations() {
		for _, b := range bodies {
			f.Add(op, b)
		}
	}
	f.Add("NoSuchOperation", `{}`)
	known := map[string]bool{}
	for _, op := range Operations() {
		known[op] = true
	}
	f.Fuzz(func(t *testing.T, op, body string) {
		vs, err := Check(op, []byte(body))
		if err != nil && len(vs) > 0 {
			t.Fatalf("both violations and error: %v %v", vs, err)
		}
		var de *DecodeError
		if known[op] && err != nil && !errors.As(err, &de) {
			t.Fatalf("known operation %s: unexpected error type %T: %v", op, err, err)
		}
		if !known[op] && !errors.Is(err, ErrUnknownOperation) {
			t.Fatalf("unknown operation %q: got %v", op, err)
		}
		for _, v := range vs {
			if v.Member == "" || v.Constraint == "" {
				t.Fatalf("incomplete violation %+v", v)
			}
		}
	})
}

package modelcheck

import "testing"

// FuzzCheckOutput: any body, however malformed, gets an answer, never a panic.
func FuzzCheckOutput(f *testing.F) {
	for _, s := range []string{`{}`, `{"AssociationDescription":{"Date":1.5}}`, `{"AssociationExecutions":[null]}`, `[`, `{"a":1,"a":2}`, "\xff"} {
		f.Add("DescribeAssociation", s)
	}
	f.Fuzz(func(t *testing.T, op, body string) {
		_ = CheckOutput(op, []byte(body))
		_ = CheckError(op, []byte(body))
		_ = CheckOutput("DescribeAssociationExecutions", []byte(body))
	})
}

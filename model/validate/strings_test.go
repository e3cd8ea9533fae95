package validate

import (
	"encoding/json"
	"testing"
)

// StringsPass says yes only to requests Check finds nothing in, and says
// no to each thing Check would have to word (or that it cannot judge
// without the body).
func TestStringsPass_OnlyWhereCheckFindsNothing(t *testing.T) {
	const id = "8dfe3659-4309-493a-8755-0123456789ab"
	for _, c := range []struct {
		why       string
		op        string
		members   map[string]string
		want      bool
		checkPass bool
	}{
		{"valid", "DescribeInstanceAssociationsStatus", map[string]string{"InstanceId": "i-0123456789abcdef0"}, true, true},
		{"valid with a token", "DescribeAssociationExecutionTargets", map[string]string{"AssociationId": id, "ExecutionId": id, "NextToken": "t"}, true, true},
		{"a required member missing", "DescribeAssociationExecutionTargets", map[string]string{"AssociationId": id}, false, false},
		{"a pattern broken", "DescribeInstanceAssociationsStatus", map[string]string{"InstanceId": "i-12"}, false, false},
		{"a member of another type", "DescribeAssociationExecutions", map[string]string{"AssociationId": id, "MaxResults": "5"}, false, false},
		{"a member the operation lacks", "DescribeAssociation", map[string]string{"AssociationId": id, "Bogus": "x"}, false, true},
		{"an operation the model lacks", "Bogus", map[string]string{}, false, false},
	} {
		var names, values []string
		for k, v := range c.members {
			names, values = append(names, k), append(values, v)
		}
		if got := StringsPass(c.op, names, values); got != c.want {
			t.Errorf("%s: StringsPass %v, want %v", c.why, got, c.want)
		}
		body, _ := json.Marshal(c.members)
		vs, err := Check(c.op, body)
		if pass := err == nil && len(vs) == 0; pass != c.checkPass {
			t.Errorf("%s: Check passes %v (%v %v), want %v", c.why, pass, vs, err, c.checkPass)
		}
	}
}

package ssmapi

import (
	"reflect"
	"slices"
	"testing"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Spec's members are read by name from the three requests that define an
// association: each must still have every one it should (a rename in
// model would otherwise drop a member silently).
func TestSpecOf_EveryMember(t *testing.T) {
	st := reflect.TypeOf(Spec{})
	for _, req := range []struct {
		in     any
		absent []string
	}{
		{model.CreateAssociationInput{}, nil},
		{model.CreateAssociationBatchRequestEntry{}, []string{"AssociationDispatchAssumeRole"}},
		{model.UpdateAssociationInput{}, []string{"InstanceID"}},
	} {
		rt := reflect.TypeOf(req.in)
		for i := range st.NumField() {
			f := st.Field(i)
			rf, ok := rt.FieldByName(f.Name)
			if slices.Contains(req.absent, f.Name) {
				assert.False(t, ok, "%s.%s", rt.Name(), f.Name)
				continue
			}
			require.True(t, ok, "%s has no %s", rt.Name(), f.Name)
			assert.Equal(t, f.Type, rf.Type, "%s.%s", rt.Name(), f.Name)
		}
	}
	sp := SpecOf(model.CreateAssociationInput{Name: "n", MaxErrors: "3", ScheduleOffset: 2, Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}})
	assert.Equal(t, Spec{Name: "n", MaxErrors: "3", ScheduleOffset: 2, Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}}, sp)
}

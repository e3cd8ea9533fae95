package ssmapi

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/validate"
)

// removeZeroMembers is how request bodies were made before requestBody:
// the struct encoded, decoded into an object, its zero members deleted,
// encoded again.
func removeZeroMembers(in any) ([]byte, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	v := reflect.ValueOf(in)
	var zero []string
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || !v.Field(i).IsZero() {
			continue
		}
		name := f.Tag.Get("json")
		for j := range name {
			if name[j] == ',' {
				name = name[:j]
				break
			}
		}
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		zero = append(zero, name)
	}
	if len(zero) == 0 {
		return body, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return nil, err
	}
	for _, k := range zero {
		delete(top, k)
	}
	return json.Marshal(top)
}

// requestBody gives the bytes removing zero members gave, for every
// request type the operations take, each member left zero, set, or set to
// an empty non-nil slice or map, in 3,000 random combinations per type.
func TestRequestBody_AsRemovingZeroMembersGave(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 3))
	for _, proto := range requestTypes {
		typ := reflect.TypeOf(proto)
		for range 3000 {
			v := reflect.New(typ).Elem()
			for i := range v.NumField() {
				if f := v.Field(i); f.CanSet() {
					fill(rng, f)
				}
			}
			in := v.Interface()
			want, err := removeZeroMembers(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := requestBody(in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("%s: requestBody gave\n%s\nremoving zero members gave\n%s", typ.Name(), got, want)
			}
		}
	}
}

// requestTypes holds every request type in model.
var requestTypes = []any{
	model.PutComplianceItemsInput{}, model.ListComplianceItemsInput{}, model.ListResourceComplianceSummariesInput{},
	model.CreateDocumentInput{}, model.DescribeDocumentInput{}, model.CreateAssociationInput{}, model.CreateAssociationBatchInput{},
	model.DeleteAssociationInput{}, model.DescribeAssociationInput{}, model.DescribeAssociationExecutionsInput{},
	model.DescribeAssociationExecutionTargetsInput{}, model.DescribeEffectiveInstanceAssociationsInput{},
	model.DescribeInstanceAssociationsStatusInput{}, model.ListAssociationVersionsInput{}, model.ListAssociationsInput{},
	model.StartAssociationsOnceInput{}, model.UpdateAssociationInput{}, model.UpdateAssociationStatusInput{},
	model.GetCalendarStateInput{}, model.AddTagsToResourceInput{}, model.ListTagsForResourceInput{},
	model.RemoveTagsFromResourceInput{}, model.DescribeInstanceInformationInput{},
}

// fill sets f to its zero value, an empty non-nil slice or map, or a
// small value, at random.
func fill(rng *rand.Rand, f reflect.Value) {
	switch rng.IntN(3) {
	case 0:
		return
	case 1:
		switch f.Kind() {
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
			return
		case reflect.Map:
			f.Set(reflect.MakeMap(f.Type()))
			return
		}
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString([]string{"a", "x-1", "rate(30 minutes)"}[rng.IntN(3)])
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		f.SetInt(int64(1 + rng.IntN(50)))
	case reflect.Slice:
		s := reflect.MakeSlice(f.Type(), 1+rng.IntN(2), 3)
		for i := range s.Len() {
			fill(rng, s.Index(i))
		}
		f.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(f.Type())
		k, e := reflect.New(f.Type().Key()).Elem(), reflect.New(f.Type().Elem()).Elem()
		fill(rng, k)
		fill(rng, e)
		m.SetMapIndex(k, e)
		f.Set(m)
	case reflect.Pointer:
		p := reflect.New(f.Type().Elem())
		fill(rng, p.Elem())
		f.Set(p)
	case reflect.Struct:
		if f.Type() == reflect.TypeOf(time.Time{}) {
			f.Set(reflect.ValueOf(time.Unix(int64(rng.IntN(1e9)), 0).UTC()))
			return
		}
		for i := range f.NumField() {
			if g := f.Field(i); g.CanSet() {
				fill(rng, g)
			}
		}
	}
}

// The string-only fast path accepts a request only where the check of its
// body (encoded, decoded against the model) does, over random fillings of
// every request type: IDs, tokens and names that pass the model's
// patterns and that break them, invalid UTF-8, the empty string. And it
// does fire: the exporter's calls take it.
func TestCheckRequest_StringsPassOnlyWhereTheBodyDoes(t *testing.T) {
	pool := []string{"a", "x-1", "i-0123456789abcdef0", "mi-0123456789abcdef0", "i-0123",
		"8dfe3659-4309-493a-8755-0123456789ab", "8DFE3659-4309-493A-8755-0123456789AB", "AWS-RunShellScript",
		"$LATEST", "1", "rate(30 minutes)", "\xff", "tok:1:2", strings.Repeat("z", 300), "Failed", "ManagedInstance"}
	rng := rand.New(rand.NewPCG(14, 5))
	fast := map[string]int{}
	for _, proto := range requestTypes {
		typ := reflect.TypeOf(proto)
		op := strings.TrimSuffix(typ.Name(), "Input")
		for range 3000 {
			v := reflect.New(typ).Elem()
			for i := range v.NumField() {
				f := v.Field(i)
				switch {
				case !f.CanSet():
				case f.Kind() == reflect.String && rng.IntN(3) > 0:
					f.SetString(pool[rng.IntN(len(pool))])
				case rng.IntN(4) == 0:
					fill(rng, f)
				}
			}
			in := v.Interface()
			var nb, vb [8]string
			names, values, ok := stringMembers(in, nb[:0], vb[:0])
			if !ok || !validate.StringsPass(op, names, values) {
				continue
			}
			fast[op]++
			if err := checkBody(op, in); err != nil {
				t.Fatalf("%s %+v: the fast path accepts it, the body's check says %v", op, in, err)
			}
		}
	}
	t.Logf("accepted without a body: %v", fast)
	for _, op := range []string{"DescribeInstanceAssociationsStatus", "DescribeAssociationExecutionTargets", "DescribeAssociation", "ListAssociationVersions"} {
		if fast[op] == 0 {
			t.Errorf("%s: no request took the fast path", op)
		}
	}
	for _, in := range []any{
		model.DescribeInstanceAssociationsStatusInput{InstanceID: "i-0123456789abcdef0"},
		model.DescribeAssociationExecutionTargetsInput{AssociationID: "8dfe3659-4309-493a-8755-0123456789ab", ExecutionID: "8dfe3659-4309-493a-8755-0123456789ab"},
	} {
		var nb, vb [8]string
		names, values, ok := stringMembers(in, nb[:0], vb[:0])
		if op := strings.TrimSuffix(reflect.TypeOf(in).Name(), "Input"); !ok || !validate.StringsPass(op, names, values) {
			t.Errorf("%s %+v: the fast path does not take it", op, in)
		}
	}
}

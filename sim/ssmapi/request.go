package ssmapi

import (
	"cmp"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/validate"
)

// CheckRequest applies the service model's constraints to a request made
// in-process, exactly as the HTTP front applies them to a body
// (model/validate): the Go library and the wire answer one request with
// the same ValidationException. A top-level member left at its zero value
// is absent, as a Go caller means it ("Value null at 'name'", not a
// pattern failure of ”).
func CheckRequest(operation string, in any) error {
	var nb, vb [8]string
	if names, values, ok := stringMembers(in, nb[:0], vb[:0]); ok && validate.StringsPass(operation, names, values) {
		return nil // what Check of the body would say (TestCheckRequest_StringsPassOnlyWhereTheBodyDoes)
	}
	return checkBody(operation, in)
}

// checkBody is CheckRequest from the request's JSON body.
func checkBody(operation string, in any) error {
	body, err := requestBody(in)
	if err != nil {
		return model.NewError(model.ErrCodeSerialization, "%s", err.Error())
	}
	vs, err := validate.Check(operation, body)
	var de *validate.DecodeError
	switch {
	case errors.As(err, &de):
		return model.NewError(model.ErrCodeSerialization, "%s", de.Msg)
	case err != nil:
		return model.NewError(model.ErrCodeSerialization, "%s", err.Error())
	case len(vs) > 0:
		return model.ValidationError(vs...)
	}
	return nil
}

// requestBody is request in as JSON without its top-level members left at
// their zero value: the struct as encoding/json writes it when none is,
// else an object of the others in name order. One encoding, where
// removing members from the struct's encoding took three (a tenth of a
// DescribeInstanceAssociationsStatus call); the same bytes
// (TestRequestBody_AsRemovingZeroMembersGave).
func requestBody(in any) ([]byte, error) {
	v := reflect.ValueOf(in)
	if v.Kind() != reflect.Struct {
		return json.Marshal(in)
	}
	t := v.Type()
	var top map[string]any // made at the first zero member
	for i := range v.NumField() {
		if _, _, ok := member(t.Field(i)); !ok || !v.Field(i).IsZero() {
			continue
		}
		if top == nil {
			top = make(map[string]any, v.NumField())
			for j := range v.NumField() {
				name, opts, ok := member(t.Field(j))
				if !ok || v.Field(j).IsZero() || omits(opts, v.Field(j)) {
					continue
				}
				top[name] = v.Field(j).Interface()
			}
		}
	}
	if top == nil {
		return json.Marshal(in)
	}
	return json.Marshal(top)
}

// member is the name encoding/json gives field f in an object, and its
// tag's options; ok is false for a field it leaves out (unexported, "-").
func member(f reflect.StructField) (name, opts string, ok bool) {
	name, opts, _ = strings.Cut(f.Tag.Get("json"), ",")
	if !f.IsExported() || name == "-" {
		return "", "", false
	}
	return cmp.Or(name, f.Name), opts, true
}

// omits reports whether encoding/json leaves out a member with tag options
// opts whose value v is not the zero value: an empty non-nil slice or map
// under omitempty, a value whose IsZero says so under omitzero.
func omits(opts string, v reflect.Value) bool {
	for o := range strings.SplitSeq(opts, ",") {
		switch o {
		case "omitempty":
			if (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0 {
				return true
			}
		case "omitzero":
			if z, ok := v.Interface().(interface{ IsZero() bool }); ok && z.IsZero() {
				return true
			}
		}
	}
	return false
}

// stringMembers appends the JSON names and values of request in's members
// that are not zero to names and values, if every one of them is a plain
// string (ok false otherwise: Check must decide from the body).
func stringMembers(in any, names, values []string) (_, _ []string, ok bool) {
	v := reflect.ValueOf(in)
	if v.Kind() != reflect.Struct {
		return nil, nil, false
	}
	t := v.Type()
	for i := range v.NumField() {
		f, fv := t.Field(i), v.Field(i)
		name, opts, ok := member(f)
		if !ok || fv.IsZero() {
			continue
		}
		if fv.Kind() != reflect.String || strings.Contains(opts, "string") || f.Type.Implements(marshaler) || f.Type.Implements(textMarshaler) {
			return nil, nil, false
		}
		names, values = append(names, name), append(values, fv.String())
	}
	return names, values, true
}

var (
	marshaler     = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

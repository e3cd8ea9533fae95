package ssmapi

import (
	"cmp"
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
	body, err := json.Marshal(in)
	if err != nil {
		return model.NewError(model.ErrCodeSerialization, "%s", err.Error())
	}
	if zero := zeroMembers(in); len(zero) > 0 {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(body, &top); err != nil {
			return model.NewError(model.ErrCodeSerialization, "%s", err.Error())
		}
		for _, k := range zero {
			delete(top, k)
		}
		if body, err = json.Marshal(top); err != nil {
			return model.NewError(model.ErrCodeSerialization, "%s", err.Error())
		}
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

// zeroMembers lists the JSON names of a request struct's members left at
// their zero value.
func zeroMembers(in any) []string {
	v := reflect.ValueOf(in)
	if v.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || !v.Field(i).IsZero() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		out = append(out, cmp.Or(name, f.Name))
	}
	return out
}

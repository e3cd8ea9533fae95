package scenarios

import (
	"math"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// API request members (CreateAssociation, UpdateAssociation,
// CreateDocument) are written in the files with the API's own member names:
// the json names of the model's types, which this file maps by reflection.

// apiNames lists a model struct's members by API name, in the model's order.
func apiNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name := apiName(t.Field(i)); name != "" {
			names = append(names, name)
		}
	}
	return names
}

func apiName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// apiStruct decodes a mapping into the struct v (addressable). extra keys
// are accepted and left to the caller; denied members are reported with
// their reason, or left to the caller when the reason is empty. It returns the mapping's fields for the caller's own checks.
func (d *decoder) apiStruct(n *yaml.Node, path string, v reflect.Value, extra []string, deny map[string]string) *fields {
	t := v.Type()
	f, ok := d.mapping(n, path, append(apiNames(t), extra...))
	if !ok {
		return f
	}
	for i := range t.NumField() {
		name := apiName(t.Field(i))
		if name == "" {
			continue
		}
		val, p := f.get(name)
		if val == nil {
			continue
		}
		if why, denied := deny[name]; denied {
			if why != "" {
				d.errorf(f.keys[name], p, "%s", why)
			}
			continue
		}
		d.apiValue(val, p, v.Field(i))
	}
	return f
}

// apiValue decodes one member of a model type into v.
func (d *decoder) apiValue(n *yaml.Node, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		s, ok := d.str(n, path)
		if !ok {
			return
		}
		if v.Type() != reflect.TypeOf("") {
			if m := v.MethodByName("Values"); m.IsValid() {
				allowed := m.Call(nil)[0]
				var names []string
				found := false
				for i := range allowed.Len() {
					names = append(names, allowed.Index(i).String())
					found = found || allowed.Index(i).String() == s
				}
				if !found {
					d.errorf(n, path, "%q is not one of %s", clip(s), strings.Join(names, ", "))
					return
				}
			}
		}
		v.SetString(s)
	case reflect.Bool:
		if b, ok := d.boolean(n, path); ok {
			v.SetBool(b)
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if v.Kind() != reflect.Int32 {
			lo, hi = math.MinInt64, math.MaxInt64
		}
		if i, ok := d.integer(n, path, lo, hi); ok {
			v.SetInt(i)
		}
	case reflect.Slice:
		items, ok := d.list(n, path)
		if !ok || len(items) == 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, it := range items {
			d.apiValue(it, index(path, i), s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		f, ok := d.mapping(n, path, nil)
		if !ok || len(f.keys) == 0 {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(f.keys))
		for _, k := range f.sortedKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			if val := f.vals[k]; !isNull(val) {
				d.apiValue(val, join(path, k), e)
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
		}
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.apiValue(n, path, p.Elem())
		v.Set(p)
	case reflect.Struct:
		d.apiStruct(n, path, v, nil, nil)
	default:
		d.errorf(n, path, "cannot be set in a scenario file")
	}
}

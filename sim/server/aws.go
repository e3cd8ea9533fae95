package server

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/ssmsim/ssmsim/model"
)

// serveAWS answers an AWS JSON 1.1 request: POST / with X-Amz-Target
// AmazonSSM.<Operation> and Content-Type application/x-amz-json-1.1.
func (srv *Server) serveAWS(w http.ResponseWriter, r *http.Request) {
	fail := func(err error) { writeError(w, ContentType, err) }
	if r.URL.Path != "/" {
		e := model.NewError(model.ErrCodeUnknownOperation, "No operation at path %s: AWS JSON 1.1 requests are POST /.", r.URL.Path)
		e.HTTPStatus = http.StatusNotFound
		fail(e)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		e := model.NewError(model.ErrCodeUnknownOperation, "Method %s is not allowed on /: AWS JSON 1.1 requests are POST.", r.Method)
		e.HTTPStatus = http.StatusMethodNotAllowed
		fail(e)
		return
	}
	target := r.Header.Get("X-Amz-Target")
	name, prefixed := strings.CutPrefix(target, TargetPrefix)
	op, known := srv.ops[name]
	switch {
	case target == "":
		fail(model.NewError(model.ErrCodeUnknownOperation, "Missing X-Amz-Target header: expected %s<Operation>.", TargetPrefix))
		return
	case !prefixed || !known:
		fail(model.NewError(model.ErrCodeUnknownOperation, "Unknown operation %s.", target))
		return
	}
	if !isJSON11(r.Header.Get("Content-Type")) {
		fail(model.NewError(model.ErrCodeUnknownOperation, "Unsupported Content-Type %q for %s: expected %s.", r.Header.Get("Content-Type"), name, ContentType))
		return
	}
	body, err := srv.readBody(w, r)
	if err != nil {
		fail(err)
		return
	}
	if rule, hit := srv.faults.pick(name, srv.virtualNow()); hit && srv.injectFault(w, r, rule) {
		return // an injected fault (faults.go): the call goes no further
	}
	if account, region := credential(r); !srv.throttle.Allow(account, region, name) {
		fail(throttled()) // before validation, as the service's front throttles
		return
	}
	if srv.validate != nil {
		if err := srv.validate(name, body); err != nil {
			if _, ok := errors.AsType[*model.APIError](err); !ok {
				err = model.NewError(model.ErrCodeValidation, "%v", err)
			}
			fail(err)
			return
		}
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		body = []byte("{}")
	}
	if !isObject(body) {
		fail(model.NewError(model.ErrCodeSerialization, "The request body must be a JSON object."))
		return
	}
	in := reflect.New(op.in)
	if err := json.Unmarshal(body, in.Interface()); err != nil {
		fail(decodeError(err))
		return
	}
	out, err := srv.locked(func() ([]byte, error) {
		events, at := srv.sim.Events(), srv.sim.Now()
		out, err := call(op, in.Elem())
		if err == nil && !readOnly(name) {
			err = srv.record(events, at, name, body)
		}
		return out, err
	})
	if err != nil {
		fail(err)
		return
	}
	writeBody(w, http.StatusOK, ContentType, out)
}

// call invokes an operation and encodes its output. The caller holds the
// lock: outputs may share memory with the simulation until encoded.
func call(op operation, in reflect.Value) ([]byte, error) {
	res := op.fn.Call([]reflect.Value{in})
	if err, _ := res[1].Interface().(error); err != nil {
		return nil, err
	}
	if res[0].IsNil() {
		return []byte("{}"), nil
	}
	return json.Marshal(res[0].Interface())
}

// isJSON11 reports whether a Content-Type is application/x-amz-json-1.1;
// parameters such as charset are ignored (Smithy protocol test
// AwsJson11MustSupportParametersInContentType).
func isJSON11(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == ContentType
}

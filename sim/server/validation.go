package server

import (
	"errors"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/validate"
)

// ModelValidation checks a request body against the operation's input shape
// in the SSM service model, as the service does before anything else: a
// body it cannot read is SerializationException, constraint violations are
// one ValidationException worded as AWS words it (decision D16). It is the
// default Options.Validate.
func ModelValidation(operation string, body []byte) error {
	vs, err := validate.Check(operation, body)
	var de *validate.DecodeError
	switch {
	case errors.As(err, &de):
		return model.NewError(model.ErrCodeSerialization, "%s", de.Msg)
	case errors.Is(err, validate.ErrUnknownOperation):
		return nil // routing answers unknown operations
	case err != nil:
		return model.NewError(model.ErrCodeSerialization, "%s", err.Error())
	case len(vs) > 0:
		return model.ValidationError(vs...)
	}
	return nil
}

package modelcheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go/middleware"
)

// SDKRequestID is the x-amzn-RequestId header ParseWithSDK's server sends.
const SDKRequestID = "11111111-2222-4333-8444-555555555555"

// inputValidationID is the ID of the SDK's client-side required-member
// validation middleware (see validators.go in the ssm module).
const inputValidationID = "OperationInputValidation"

// ParseWithSDK hands a response to the real AWS SDK for Go v2 SSM client and
// returns what the SDK makes of it. It serves status and body (with
// Content-Type application/x-amz-json-1.1 and x-amzn-RequestId SDKRequestID)
// from a local httptest server, calls the client method named operation with
// a zero input (client-side input validation removed, no SDK retries; the
// harness itself repeats a call whose socket closed under load), and
// checks the request carried X-Amz-Target AmazonSSM.<operation>.
//
// On success it returns the typed output, e.g. *ssm.DescribeAssociationOutput.
// Otherwise it returns the SDK's error unchanged, so errors.As reaches the
// typed error (*types.AssociationDoesNotExist, smithy.APIError, ...). An
// operation the SDK client lacks is an error.
func ParseWithSDK(ctx context.Context, operation string, status int, body []byte) (any, error) {
	inType, err := sdkMethod(operation)
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}

	var (
		mu      sync.Mutex
		targets []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		targets = append(targets, r.Header.Get("X-Amz-Target"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("x-amzn-RequestId", SDKRequestID)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	defer srv.Close()

	client := ssm.New(ssm.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		HTTPClient:       srv.Client(),
		Retryer:          aws.NopRetryer{},
		RetryMaxAttempts: 1,
	})
	noValidation := func(o *ssm.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			if _, ok := s.Initialize.Get(inputValidationID); !ok {
				return nil // the operation has no required input members
			}
			_, err := s.Initialize.Remove(inputValidationID)
			return err
		})
	}

	var out any
	var callErr error
	// A socket closed under load is the harness's failure, not the
	// document's: try again (a document problem never yields net.ErrClosed).
	for attempt := 0; attempt < 3; attempt++ {
		results := reflect.ValueOf(client).MethodByName(operation).Call([]reflect.Value{
			reflect.ValueOf(ctx),
			reflect.New(inType.Elem()),
			reflect.ValueOf(noValidation),
		})
		out = results[0].Interface()
		callErr, _ = results[1].Interface().(error)
		if !errors.Is(callErr, net.ErrClosed) {
			break
		}
		mu.Lock()
		targets = targets[:0]
		mu.Unlock()
	}

	mu.Lock()
	defer mu.Unlock()
	if err := checkTarget(operation, targets, callErr); err != nil {
		return nil, err
	}
	if callErr != nil {
		return nil, callErr
	}
	return out, nil
}

// checkTarget reports an error unless exactly one request reached the server
// and its X-Amz-Target named the operation; a call error, if any, stays
// reachable with errors.Is and errors.As.
func checkTarget(operation string, targets []string, callErr error) error {
	want := "AmazonSSM." + operation
	if len(targets) == 1 && targets[0] == want {
		return nil
	}
	err := fmt.Errorf("modelcheck: %s: the SDK sent X-Amz-Target %q, want exactly one request with %q", operation, targets, want)
	if callErr != nil {
		err = fmt.Errorf("%w (SDK error: %w)", err, callErr)
	}
	return err
}

var (
	ctxType     = reflect.TypeFor[context.Context]()
	errType     = reflect.TypeFor[error]()
	optFuncType = reflect.TypeFor[[]func(*ssm.Options)]()
)

// sdkMethod finds the *ssm.Client method for operation and checks it has the
// operation signature
// func(context.Context, *<operation>Input, ...func(*ssm.Options)) (*<operation>Output, error).
// It returns the input pointer type.
func sdkMethod(operation string) (reflect.Type, error) {
	m, ok := reflect.TypeFor[*ssm.Client]().MethodByName(operation)
	if !ok {
		return nil, fmt.Errorf("modelcheck: the SDK ssm.Client has no operation %q", operation)
	}
	t := m.Type // includes the receiver as In(0)
	if t.NumIn() != 4 || !t.IsVariadic() || t.In(1) != ctxType || t.In(3) != optFuncType ||
		t.In(2).Kind() != reflect.Pointer || t.In(2).Elem().Name() != operation+"Input" ||
		t.NumOut() != 2 || t.Out(0).Kind() != reflect.Pointer ||
		t.Out(0).Elem().Name() != operation+"Output" || t.Out(1) != errType {
		return nil, fmt.Errorf("modelcheck: ssm.Client.%s is not an API operation (signature %s)", operation, t)
	}
	return t.In(2), nil
}

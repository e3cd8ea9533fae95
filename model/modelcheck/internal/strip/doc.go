// Command strip reduces a botocore service model to what model validation
// needs and prints it as compact, deterministic JSON.
//
// It removes every documentation string (documentation, documentationUrl,
// deprecatedMessage) and the examples, at any depth, and keeps everything
// else. Object keys come out sorted (encoding/json sorts map keys) and HTML
// characters are not escaped, so running it twice on the same input yields
// byte-identical output.
//
// It is run by hand, never at build or test time:
//
//	go run ./model/modelcheck/internal/strip /work/shared/reference/ssm-service-2.json > model/modelcheck/testdata/ssm-service-2.json
//
// # Imports
//
// It imports nothing of ssmsim's: a tool run by hand.
package main

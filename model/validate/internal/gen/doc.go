// Command gen extracts from a botocore SSM service model what request
// validation needs and prints it as the JSON document package validate embeds
// (inputs.json).
//
// It keeps the operations (name -> input shape name) and every shape
// reachable from an input shape, with only the traits validation reads: type,
// members (as a list sorted by member name, each with its shape and whether it
// is required), the member, key and value shapes of lists and maps, min, max,
// pattern, enum and sensitive. Keys come out sorted and one shape per line, so
// running it twice on the same model yields byte-identical output.
//
// It is run by hand, never at build or test time:
//
//	go run ./model/validate/internal/gen model/modelcheck/testdata/ssm-service-2.json > model/validate/inputs.json
//
// The model copy under model/modelcheck/testdata has its object keys sorted,
// so the member order of the original botocore file is not available; members
// are therefore listed by name. main_test.go checks that inputs.json is what
// this command prints for that copy.
//
// # Imports
//
// It imports nothing of ssmsim's: a tool run by hand.
package main

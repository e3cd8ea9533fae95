// Package server is ssmsim's HTTP front: it speaks the AWS JSON 1.1 protocol
// of Systems Manager (so the AWS SDKs and CLI can talk to a simulation as if
// it were SSM) and a small JSON control API that moves virtual time and
// shapes the fleet. A *Server is an http.Handler, so tests mount it with
// httptest.NewServer:
//
//	s, _ := sim.New(sim.Config{Seed: 1})
//	ts := httptest.NewServer(server.New(s, server.Options{Seed: 1}))
//	client := ssm.New(ssm.Options{Region: "us-east-1", BaseEndpoint: aws.String(ts.URL),
//		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
//
// # AWS side
//
// Every operation is POST / with X-Amz-Target: AmazonSSM.<Operation> and
// Content-Type: application/x-amz-json-1.1; the body is the operation's
// input document, the answer 200 with its output document (or {} for an
// operation whose output is empty). Operations are found by reflection when
// New runs: a method X of *sim.Sim is served when its signature is
// func(model.XInput) (*model.XOutput, error), so operations added to package
// sim are served without touching this package (see Server.Operations).
// Bodies decode with encoding/json: unknown members are ignored and member
// names match case-insensitively (use Options.Validate for a strict,
// model-driven check); an empty body counts as {}.
//
// Errors are AWS JSON error documents, {"__type":"<Code>","message":"<text>"}
// (decision D16), with Content-Type application/x-amz-json-1.1:
//
//	X-Amz-Target missing, malformed or naming   400 UnknownOperationException
//	  no operation
//	Content-Type not application/x-amz-json-1.1 400 UnknownOperationException
//	method other than POST on /                  405 UnknownOperationException (Allow: POST)
//	any path but / (outside /_ssmsim/)           404 UnknownOperationException
//	body over Options.MaxBodyBytes (1 MiB)       413 RequestEntityTooLargeException
//	malformed JSON, not an object, type mismatch 400 SerializationException
//	Options.Validate refusal                     its *model.APIError, else 400 ValidationException
//	*model.APIError from the simulation          its HTTPStatus and document
//	any other error, or a panic                  500 InternalServerError (the server keeps serving)
//
// Choices and their evidence:
//
//   - Content type: a JSON 1.1 front routes on the pair (Content-Type,
//     X-Amz-Target); real Kinesis (JSON 1.1) answered a request sent with
//     application/octet-stream with UnknownOperationException
//     (disneystreaming/smithy4s#167), and AWS answers an unroutable target
//     with HTTP 400 UnknownOperationException (real Firehose calls sent to
//     the Kinesis endpoint: sharethrough/flume-kinesis#11; kinesalite, a
//     Kinesis emulator, does the same: mhart/kinesis#22). So a wrong or
//     missing Content-Type is a 400 UnknownOperationException, answered in
//     JSON (AWS sent XML there; our clients parse JSON). Media-type
//     parameters such as charset are ignored, as the Smithy protocol test
//     AwsJson11MustSupportParametersInContentType requires of servers.
//     415 UnsupportedMediaType is what emulators such as Floci answered and
//     users filed it as a bug (floci-io/floci#448).
//   - Oversized body: 413 RequestEntityTooLargeException, the code and
//     status AWS Lambda (an AWS JSON service) answers an over-limit payload
//     with ("Status Code: 413; Error Code: RequestEntityTooLargeException",
//     aws/aws-pdk#771). SSM documents no request-size limit; 1 MiB is ours.
//   - Method other than POST: 405 with the same UnknownOperationException
//     code (the front cannot route it), plus Allow: POST.
//   - Accounts and Regions: a Front (front.go) serves each (account,
//     Region) of a call's SigV4 credential from a simulation of its own,
//     as AWS keeps them apart; one virtual clock moves them all.
//   - Authentication: any Authorization header is accepted and never
//     verified (any SigV4 signature, Region and credentials), and a
//     request without one is accepted too, so curl works. Real AWS refuses
//     that with MissingAuthenticationToken (e.g. a 403 seen in
//     amzn/selling-partner-api-docs#3081); a simulator has no credentials
//     to check.
//   - Request IDs: every response, success or error, AWS or control side,
//     carries x-amzn-RequestId — AWS's own spelling on the wire (it appears
//     so in real responses, e.g. amzn/selling-partner-api-docs#3081; the
//     AWS SDK for Go v2 reads it case-insensitively, aws/middleware
//     request_id_retriever.go, and botocore reads x-amzn-RequestId). The
//     header map key is set verbatim, so code reading a ResponseRecorder
//     must index Header()["x-amzn-RequestId"]; HTTP clients canonicalise
//     it as usual. The ID is a UUID derived from Options.Seed and a request
//     counter (sim.Streams.UUID), so the same sequence of requests to two
//     servers with the same seed yields the same IDs; after a restart
//     from a journal (Replay) the counter runs in a new series, so no ID
//     repeats across restarts.
//
// # Concurrency and time
//
// The simulation is single-threaded; one sync.Mutex serialises every access
// to it (operations, control endpoints, Do). Outputs are encoded under the
// lock. A panic inside an operation is recovered and answered 500, and the
// server answers nothing more (the simulation may be half-updated).
//
// With Options.TimeScale 0 virtual time moves only through the control API
// (or Do). With TimeScale X > 0, before each request the simulation runs to
// start + X × (wall time since New) on Options.Clock, truncated to the
// millisecond and never backwards (start is the simulation's Now at New; an
// explicit advance past that point is kept, and scaled time catches up with
// it later). The clock is only read, never waited on: no goroutine of this
// package touches the simulation (style anchors §4): a snapshot is
// written in the background from a copy taken under the lock.
//
// # Persistence
//
// With a Journal every state-changing call is recorded, at the point it
// applied, before it is answered, and Replay rebuilds the state from it
// (journal.go). A FileJournal also keeps snapshots (snapshot.go), so a
// restart (LoadSnapshot, ReplayFrom) replays only the calls after the
// latest one.
//
// # Control API
//
// JSON in, JSON out (Content-Type application/json); bodies are decoded
// strictly (unknown fields and trailing data are refused). Errors are
// {"__type":"…","message":"…"}: 400 SerializationException for malformed
// JSON, 400 ValidationException naming the field for a bad value, 404
// NotFoundException for an unknown path, 405 MethodNotAllowedException for
// a wrong method, 413 as above.
//
//	POST /_ssmsim/advance {"Seconds": N} or {"Until": <epoch seconds>}
//	    exactly one; N ≥ 0 and fractional, Until not in the past, both at
//	    millisecond resolution. Runs the simulation to that instant and
//	    answers {"Now": <epoch seconds>} (model.Timestamp format). Seconds 0
//	    handles every event already due now.
//	GET /_ssmsim/clock
//	    {"Now": <epoch seconds>}
//	POST /_ssmsim/nodes {"Count": N, "Tags": {"K": "V"}, "Platform": "Linux",
//	                     "Kind": "ec2", "Behavior": {"Outcome": "random",
//	                     "FailureProbability": p, "DurationSeconds": d}}
//	    Adds N (1..100000) nodes now; answers {"InstanceIds": [...]} in
//	    node order. Tags (≤ 50; keys 1..128 characters, values ≤ 256) are
//	    sorted by key. Platform Linux (default), Windows or MacOS; Kind ec2
//	    (default, i-…) or managed (mi-…). Outcome: succeed, fail, offline
//	    pin the outcome (sim.OverrideAlwaysSucceed, OverrideAlwaysFail,
//	    OverrideOffline); timeout times every run out (TimeoutProbability 1,
//	    after sim.DefaultTimeout); random (default) fails with probability
//	    FailureProbability (default 0, only with random). Every run lasts
//	    DurationSeconds (default 60, 0..604800, fixed). Applied associations
//	    whose targets match run on the new nodes (D4).
//	POST /_ssmsim/alarms {"Name": "...", "State": "OK"|"ALARM"|"INSUFFICIENT_DATA"}
//	    Sets a CloudWatch alarm's state from now on (sim.SetAlarmState: it
//	    applies before any other event due now, when time next moves);
//	    answers {}.
//
// # Imports
//
// It imports model, model/validate and sim; never scenarios, reports or cmd
// (cmd/ssmsim mounts it).
package server

// Package validate checks an SSM request body against the input shape of its
// operation in the SSM service model (API version 2014-11-06), the way the
// real service does before any business logic, and reports the violations in
// AWS's words.
//
// The model subset it needs is embedded from inputs.json, which
// internal/gen generates from model/modelcheck/testdata/ssm-service-2.json
// (a test keeps the two in step). [Check] is pure, deterministic and safe
// for concurrent use; the model index is built once, on first use.
//
// # Results
//
// A body that is not a JSON object, is malformed, or has a member of the
// wrong JSON type gives a [*DecodeError]: AWS answers SerializationException
// before validating anything. Otherwise each broken constraint gives one
// model.Violation{Value, Member, Constraint}, and model.ValidationError
// words them:
//
//	1 validation error detected: Value '7' at 'scheduleOffset' failed to satisfy constraint: Member must have value less than or equal to 6
//
// several joined by "; " after "N validation errors detected: ".
//
// # Wording found in real AWS messages
//
// Evidence is quoted from public GitHub threads and from dynalite
// (mhart/dynalite), a DynamoDB emulator whose tests are run against real
// DynamoDB; both SSM and DynamoDB answer with the same Java validation layer
// (its errors carry __type com.amazon.coral.validate#ValidationException).
//
//   - Constraint texts: "Member must have length less than or equal to N",
//     "... greater than or equal to N", "Member must have value less than or
//     equal to N" / "greater than or equal to N", "Member must satisfy
//     regular expression pattern: P" (P verbatim from the model), "Member
//     must satisfy enum value set: [A, B]" (model order), "Member must not
//     be null". Real SSM: disneystreaming/ssm-helpers PR #47 (targets, length
//     5), pulumi/pulumi-aws#2555 (documentVersion, pattern); others in
//     dynalite's getItem and batchWriteItem tests.
//   - Member paths lower-case the first letter only: "maxResults",
//     "advancedSecurityOptions.sAMLOptions.masterUserName" (an OpenSearch
//     message quoted in ministryofjustice/cloud-platform-infrastructure PR
//     #4097). Nested members join with "."; a list element is
//     "<list>.<N>.member" with N from 1 ("targets.1.member.id",
//     amazon-connect/amazon-connect-salesforce-lambda PR #14); a map value is
//     "<map>.<key>.member" ("requestItems.aa;.member.1.member.deleteRequest.key",
//     dynalite batchWriteItem test).
//   - Constraints of a list's element shape are not reported per element:
//     one violation on the list, "Member must satisfy constraint: [...]",
//     lists every constraint of the element shape (upper bound, lower bound,
//     pattern; enum last), whichever failed. Maps likewise report "Map keys
//     must satisfy constraint: [...]" and "Map value must satisfy constraint:
//     [...]" on the map (a real EventBridge message quoted in a user's
//     notes on GitHub: Value '{de onde?=..., ...}' at
//     'targets.1.member.inputTransformer.inputPathsMap' ... Map keys must
//     satisfy constraint: [Member must have length less than or equal to 256,
//     Member must have length greater than or equal to 1, Member must satisfy
//     regular expression pattern: ...]; dynalite batchWriteItem).
//   - Values print as Java's toString of the deserialized value: strings
//     verbatim, numbers in decimal, lists "[a, b]", maps "{k=v, k2=v2}",
//     structures "Target(key=tag:a, values=[1])" (ssm-helpers PR #47: Value
//     '[Target(key=tag:a, values=[1]), ...]' at 'targets'), blobs
//     "java.nio.HeapByteBuffer[pos=0 lim=N cap=N]" (dynalite).
//   - A missing required member is "Value null at 'x' failed to satisfy
//     constraint: Member must not be null" (dynalite; many quoted messages).
//     The violation is marked Null, so model.ValidationError prints null
//     unquoted as AWS does.
//   - Patterns must match the whole value (Java's Matcher.matches), not
//     merely occur in it: real DynamoDB refuses table name 'a;' for
//     [a-zA-Z0-9_.-]+ (dynalite getItem test) and CloudFormation refused a
//     URL as stack name for [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*
//     (humanmade/cf-to-tf#5), which find semantics would accept. This differs
//     from model/modelcheck, which checks what the simulator emits and chose
//     find semantics. Patterns are Java regular expressions rewritten for
//     Go (Java's ".", "$", \s); the three Go cannot run (a lookahead, repeat
//     counts above 1000) are translated by hand.
//   - Unknown members are ignored and a JSON null member counts as absent
//     (dynalite's model of the deserializer drops both before validating).
//     An empty body stands for {} (Smithy's awsJson1_1 protocol tests, cited
//     in floci-io/floci PR #3509).
//   - SerializationException texts follow dynalite's record of real
//     DynamoDB: "NUMBER_VALUE cannot be converted to String", "DECIMAL_VALUE
//     ...", "TRUE_VALUE ...", "STRING_VALUE cannot be converted to Integer",
//     "Unrecognized collection type class java.lang.String", "Start of
//     structure or map found where not expected", "Unexpected field type";
//     other cases are worded by analogy. Real AWS sends no message for
//     malformed JSON; Msg describes the problem anyway.
//
// # Choices where AWS is silent
//
//   - Order: AWS's order of several violations is not stable (dynalite
//     compares them as a set). Here it is depth-first in the order of the
//     members in the shape, which is by member name (the model copy this
//     package is generated from has sorted keys); within one value: length
//     or value bounds, pattern, enum; on a list or map: its own bounds, the
//     bracketed element (or key, then value) constraints, then the elements
//     (map values by key).
//   - Structures print every member in that order, an absent one as null.
//     Maps print their entries sorted by key. Timestamps print like
//     java.util.Date in UTC ("Tue Mar 24 14:24:47 UTC 2020"). A value of a
//     shape marked sensitive is left out, as real AWS does ("Value at
//     'value'" for PutParameter; pulumi/pulumi-aws#2555 shows SSM printing
//     "Value at 'documentVersion'" too): the violation is marked Redacted;
//     inside a larger value it prints as [SensitiveValue].
//   - Real SSM length messages have been seen ending in "." (ssm-helpers PR
//     #47: "... less than or equal to 5."); model.ValidationError adds none.
//   - String length counts Unicode code points (Smithy's rule).
//   - Types: a string member takes a JSON string, an integer or long a JSON
//     number with an integral value in range (1.5 is refused, 1.0 is 1;
//     dynalite's older model of the deserializer floors fractions instead), a
//     boolean true or false, a timestamp any JSON number (epoch seconds, as
//     botocore sends), a blob standard padded base64, a list an array,
//     structures and maps objects. A null list element or map value is kept
//     (it counts toward the length and prints as null) but not checked.
//     Duplicate object keys: the last wins. Content after the object,
//     invalid UTF-8 and nesting deeper than 512 are refused.
//   - Union shapes are not checked for having exactly one member set.
//
// # Imports
//
// It imports model and model/internal/javaregex only; never sim or anything
// above it.
package validate

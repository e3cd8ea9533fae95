package sim

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"strconv"

	"github.com/ssmsim/ssmsim/model"
)

// A NextToken is opaque to clients: base64 of a JSON cursor plus a MAC keyed
// by the seed. The cursor is the sort key of the last item returned (never
// an offset), so items inserted between two calls don't shift the pages; the
// token names the operation and its scope (e.g. the AssociationId), so a
// token is refused (InvalidNextToken) when forged or used elsewhere.
type cursor struct {
	Op    string `json:"o"`
	Scope string `json:"s,omitempty"`
	After string `json:"a"` // the last returned item's sort key
}

func (s *Sim) tokenKey() []byte {
	var k [8]byte
	binary.LittleEndian.PutUint64(k[:], mix(s.cfg.Seed^streamToken))
	return k[:]
}

func (s *Sim) encodeToken(c cursor) string {
	payload, _ := json.Marshal(c)
	mac := hmac.New(sha256.New, s.tokenKey())
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(append(mac.Sum(nil)[:12], payload...))
}

func (s *Sim) decodeToken(token, op, scope string) (string, error) {
	bad := model.NewError(model.ErrCodeInvalidNextToken, "The specified token isn't valid.")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < 13 {
		return "", bad
	}
	mac := hmac.New(sha256.New, s.tokenKey())
	mac.Write(raw[12:])
	if !hmac.Equal(mac.Sum(nil)[:12], raw[:12]) {
		return "", bad
	}
	var c cursor
	if json.Unmarshal(raw[12:], &c) != nil || c.Op != op || c.Scope != scope {
		return "", bad
	}
	return c.After, nil
}

// page is a request's paging: where to start and how many to return.
type page struct {
	op, scope string
	after     string // "" for the first page
	limit     int
}

// Default page sizes: how many items an operation returns when MaxResults
// is not given. No list operation answers an unbounded page.
//   - DescribeInstanceInformation: 10, as the real service answered a
//     call without MaxResults over 43 instances (boto/boto3 #2766, 2021).
//   - Every other operation: the model's largest MaxResults for it (50;
//     DescribeEffectiveInstanceAssociations 5). For
//     ListResourceComplianceSummaries that is what a real first page held
//     (seek-oss/aec #474, 2024); for the rest no real default is
//     documented or quoted anywhere we found (decision).
var defaultPageSize = map[string]int32{
	"DescribeInstanceInformation":           10,
	"DescribeEffectiveInstanceAssociations": 5,
}

// paging decodes NextToken and settles the page size: MaxResults (whose
// range the model's validation has checked), else the operation's default.
func (s *Sim) paging(op, scope string, maxResults int32, token string) (page, error) {
	if maxResults == 0 {
		maxResults = cmp.Or(defaultPageSize[op], 50)
	}
	p := page{op: op, scope: scope, limit: int(maxResults)}
	if token != "" {
		after, err := s.decodeToken(token, op, scope)
		if err != nil {
			return p, err
		}
		p.after = after
	}
	return p, nil
}

// take cuts a sorted list of n items into the requested page. key(i) is
// item i's cursor; past(i) reports whether item i sorts after the cursor
// p.after. It returns the items' index range and the NextToken ("" on the
// last page).
func (s *Sim) take(p page, n int, key func(i int) string, past func(i int, after string) bool) (from, to int, next string) {
	from = 0
	if p.after != "" {
		for from < n && !past(from, p.after) {
			from++
		}
	}
	to = n
	if p.limit > 0 && from+p.limit < n {
		to = from + p.limit
		next = s.encodeToken(cursor{Op: p.op, Scope: p.scope, After: key(to - 1)})
	}
	return from, to, next
}

// pad10 renders an index so that string order is numeric order.
func pad10(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 10 {
		s = "0" + s
	}
	return s
}

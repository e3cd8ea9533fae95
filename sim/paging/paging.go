package paging

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/ssmsim/ssmsim/model"
)

// A NextToken is opaque to clients: base64 of a JSON cursor plus a MAC keyed
// by the simulation's seed. The cursor is the sort key of the last item
// returned (never an offset), so items inserted between two calls don't
// shift the pages; the token names the operation and its scope (e.g. the
// AssociationId), so a token is refused (InvalidNextToken) when forged or
// used elsewhere.
type cursor struct {
	Op    string `json:"o"`
	Scope string `json:"s,omitempty"`
	After string `json:"a"` // the last returned item's sort key
}

// Tokens makes and checks the NextTokens of one simulation.
type Tokens struct {
	key []byte
}

// NewTokens returns the tokens keyed by key (derived from the seed, so the
// same calls give the same tokens).
func NewTokens(key []byte) Tokens { return Tokens{key: key} }

func (t Tokens) encode(c cursor) string {
	payload, _ := json.Marshal(c)
	mac := hmac.New(sha256.New, t.key)
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(append(mac.Sum(nil)[:12], payload...))
}

func (t Tokens) decode(token, op, scope string) (string, error) {
	bad := model.NewError(model.ErrCodeInvalidNextToken, "The specified token isn't valid.")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < 13 {
		return "", bad
	}
	mac := hmac.New(sha256.New, t.key)
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

// Page is a request's paging: where to start and how many to return.
type Page struct {
	Op, Scope string
	After     string // the cursor: "" for the first page
	Limit     int
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

// Open decodes NextToken and settles the page size: MaxResults (whose
// range the model's validation has checked), else the operation's default.
func (t Tokens) Open(op, scope string, maxResults int32, token string) (Page, error) {
	if maxResults == 0 {
		maxResults = cmp.Or(defaultPageSize[op], 50)
	}
	p := Page{Op: op, Scope: scope, Limit: int(maxResults)}
	if token != "" {
		after, err := t.decode(token, op, scope)
		if err != nil {
			return p, err
		}
		p.After = after
	}
	return p, nil
}

// Take cuts a sorted list of n items into the requested page. key(i) is
// item i's cursor; past(i) reports whether item i sorts after the cursor
// p.After. It returns the items' index range and the NextToken ("" on the
// last page).
func (t Tokens) Take(p Page, n int, key func(i int) string, past func(i int, after string) bool) (from, to int, next string) {
	from = 0
	if p.After != "" {
		for from < n && !past(from, p.After) {
			from++
		}
	}
	to = n
	if p.Limit > 0 && from+p.Limit < n {
		to = from + p.Limit
		next = t.encode(cursor{Op: p.Op, Scope: p.Scope, After: key(to - 1)})
	}
	return from, to, next
}

// Pad10 renders an index so that string order is numeric order.
func Pad10(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 10 {
		s = "0" + s
	}
	return s
}

// MaxScan bounds how many candidates one page may look at. Past it the
// page comes back short, even empty, with a NextToken, as the real
// service's filtered pages do (aws/aws-cli #2626: an empty
// DescribeInstanceInformation page that still carried a token;
// boto/boto3 #3679: the same for ListDocuments). With it, a page costs
// O(page size + MaxScan), never O(fleet).
const MaxScan = 10_000

// EndOf is a cursor past every item of the candidate whose key prefix is
// given: item keys are "prefix/…", and U+FFFF sorts after them.
func EndOf(prefix string) string { return prefix + "/\uffff" }

// Fill collects one page while candidates are visited in key order,
// starting at the candidate that holds the cursor.
type Fill[T any] struct {
	limit   int
	after   string
	items   []T
	last    string // key of the last item taken
	scanned int
	more    bool   // an item past the page exists, or the scan was cut
	resume  string // where the next page starts when the scan was cut
}

// NewFill starts filling page p.
func NewFill[T any](p Page) *Fill[T] {
	return &Fill[T]{limit: p.Limit, after: p.After, items: make([]T, 0, min(p.Limit, 50))}
}

// Visit counts a candidate; false once the page is full and one more item
// was seen, or the scan budget is spent. before is a cursor that resumes
// at this candidate (it sorts after every earlier item and before this
// candidate's own).
func (f *Fill[T]) Visit(before string) bool {
	if f.more {
		return false
	}
	if f.scanned++; f.scanned > MaxScan {
		f.more, f.resume = true, before
		if f.last != "" {
			f.resume = f.last
		}
		return false
	}
	return true
}

// Offer takes an item with its key, rendering it only if it belongs to
// the page; false once the page is full and a further item exists.
func (f *Fill[T]) Offer(key string, item func() T) bool {
	if f.after != "" && key <= f.after {
		return true
	}
	if len(f.items) == f.limit {
		f.more, f.resume = true, f.last
		return false
	}
	f.items, f.last = append(f.items, item()), key
	return true
}

// Done returns the page (never nil, so it renders as []) and its
// NextToken.
func (f *Fill[T]) Done(t Tokens, p Page) ([]T, string) {
	items := f.items
	if items == nil {
		items = []T{}
	}
	if !f.more {
		return items, ""
	}
	resume := f.resume
	if resume == "" || resume <= p.After {
		resume = p.After
	}
	return items, t.encode(cursor{Op: p.Op, Scope: p.Scope, After: resume})
}

// SeekPad10 is the candidate index a cursor "NNNNNNNNNN…" starts in.
func SeekPad10(after string) int {
	if len(after) < 10 {
		return 0
	}
	n, err := strconv.Atoi(after[:10])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

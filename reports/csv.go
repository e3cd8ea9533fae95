package reports

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxCSVRows bounds the rows WriteCSV writes, against a step far too small
// for the run's span.
const maxCSVRows = 10_000_000

// WriteCSV writes the run's time series sampled every step of virtual time
// from the run's start, plus a last row at its end: columns
// time,in_flight,completed,failed,compliant (time,association_id,… when
// the run has several associations), rows sorted by time and then by
// association. Each row is the state after every event up to and including
// its instant. time is RFC 3339 UTC; in_flight, completed and failed are
// counts (completed: runs that reached a terminal status; failed: those
// that ended Failed, undeliverable included, or TimedOut); compliant is the
// compliance fraction, empty while undefined.
func (r RunResult) WriteCSV(w io.Writer, step time.Duration) error {
	if step <= 0 {
		return fmt.Errorf("reports: CSV step %v: want a positive duration", step)
	}
	span := max(0, r.End.Sub(r.Start))
	if rows := int64(span/step) + 2; rows*int64(max(1, len(r.Associations))) > maxCSVRows {
		return fmt.Errorf("reports: CSV step %v over %v: more than %d rows", step, span, maxCSVRows)
	}
	bw := bufio.NewWriter(w)
	several := len(r.Associations) > 1
	if several {
		bw.WriteString("time,association_id,in_flight,completed,failed,compliant\n")
	} else {
		bw.WriteString("time,in_flight,completed,failed,compliant\n")
	}
	row := func(d time.Duration) {
		ts := r.Start.Add(d).UTC().Format(time.RFC3339Nano)
		for _, a := range r.Associations {
			bw.WriteString(ts)
			if several {
				bw.WriteByte(',')
				bw.WriteString(csvField(a.AssociationID))
			}
			for _, s := range []Series{a.InFlight, a.Completed, a.Failed} {
				bw.WriteByte(',')
				bw.WriteString(csvCount(s.ValueAt(d)))
			}
			bw.WriteByte(',')
			bw.WriteString(csvFraction(a.Compliance.ValueAt(d)))
			bw.WriteByte('\n')
		}
	}
	var d time.Duration
	for ; d <= span; d += step {
		row(d)
	}
	if d-step != span {
		row(span)
	}
	return bw.Flush()
}

func csvCount(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func csvFraction(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return formatFloat(math.Round(v*1e6) / 1e6)
}

// csvField quotes a field holding a comma, quote or line break (RFC 4180).
func csvField(s string) string {
	for _, c := range s {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}

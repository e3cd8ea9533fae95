package schedule

import (
	"testing"
	"time"
)

// BenchmarkNext measures one Next call stepping through successive firings.
func BenchmarkNext(b *testing.B) {
	for _, expr := range []string{
		"cron(0/30 * * * ? *)",
		"cron(0 0 ? * THU#2 *)",
		"cron(0 8 15W * ? *)",
		"cron(15 10 ? * 6L 2022-2030)",
		"cron(0 0 29 FEB ? 2196)", // far away: skips years
		"rate(30 minutes)",
	} {
		s := mustParse(b, expr)
		b.Run(expr, func(b *testing.B) {
			b.ReportAllocs()
			start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			at := start
			for b.Loop() {
				next, ok := s.Next(at)
				if !ok {
					next = start
				}
				at = next
			}
		})
	}
}

// BenchmarkParseAssociation includes the exact minimum-gap check.
func BenchmarkParseAssociation(b *testing.B) {
	for _, expr := range []string{
		"cron(0 0 ? * THU#2 *)",
		"cron(45,5 23,0 ? * MON *)", // needs the day sweep
		"rate(30 minutes)",
	} {
		b.Run(expr, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseAssociation(expr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

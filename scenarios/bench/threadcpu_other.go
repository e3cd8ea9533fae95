//go:build !linux

package bench

import "time"

// threadCPU is not read outside Linux: the statistics' share is then not
// reported.
func threadCPU() time.Duration { return 0 }

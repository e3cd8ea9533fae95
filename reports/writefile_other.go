//go:build !unix

package reports

import "os"

// writeFile creates path with body.
func writeFile(path string, body []byte) error { return os.WriteFile(path, body, 0o644) }

package scenarios

import (
	"errors"
	"strconv"
	"strings"
)

// FileError is a problem with a scenario file, located at a line and a
// field path such as fleet[1].behavior.failure. Its text is
// "FILE:LINE: PATH: message"; LINE is left out when unknown (0) and PATH
// when the problem is not in one field (a YAML syntax error).
type FileError struct {
	File string
	Line int
	Path string
	Msg  string
}

// Error formats the problem as FILE:LINE: PATH: message.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is several problems with one scenario file, in the order they
// were found (mostly file order). Parse returns it when there is more
// than one; errors.As finds the first *FileError in it.
type ErrorList []*FileError

// Error lists the problems one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Problems returns every *FileError in err: the list of an ErrorList, a
// single *FileError, or nothing.
func Problems(err error) []*FileError {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *FileError
	if errors.As(err, &e) {
		return []*FileError{e}
	}
	return nil
}

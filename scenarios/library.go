package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// The built-in library: one scenario file per built-in, named after it.
//
//go:embed library/*.yaml
var library embed.FS

var (
	libraryOnce sync.Once
	libraryByNm map[string]Scenario // parsed at first use; callers get fresh copies
	libraryErr  error
)

// loadLibrary parses every built-in once. A broken built-in is a bug of
// this package (the tests parse them all), so it panics then rather than
// hide a scenario.
func loadLibrary() map[string]Scenario {
	libraryOnce.Do(func() {
		libraryByNm = map[string]Scenario{}
		entries, err := fs.ReadDir(library, "library")
		if err != nil {
			libraryErr = err
			return
		}
		for _, e := range entries {
			name, ok := strings.CutSuffix(e.Name(), ".yaml")
			if !ok {
				continue
			}
			file := path.Join("library", e.Name())
			data, err := library.ReadFile(file)
			if err == nil {
				var sc Scenario
				sc, err = parse(file, data, embedReader)
				if err == nil && sc.Name != name {
					err = fmt.Errorf("%s: name %q differs from the file name", file, sc.Name)
				}
				libraryByNm[name] = sc
			}
			if err != nil && libraryErr == nil {
				libraryErr = err
			}
		}
	})
	if libraryErr != nil {
		panic("scenarios: built-in library: " + libraryErr.Error())
	}
	return libraryByNm
}

// embedReader resolves a built-in's `file:` references inside the library.
func embedReader(name string) ([]byte, error) {
	return library.ReadFile(path.Join("library", name))
}

// Builtin returns the built-in scenario with that name. Each call returns
// a fresh value, which the caller may change.
func Builtin(name string) (Scenario, bool) {
	if _, ok := loadLibrary()[name]; !ok {
		return Scenario{}, false
	}
	// Parsing again is the simplest deep copy; the file parsed before.
	file := path.Join("library", name+".yaml")
	data, _ := library.ReadFile(file)
	sc, err := parse(file, data, embedReader)
	return sc, err == nil
}

// Names lists the built-in scenarios, sorted.
func Names() []string {
	lib := loadLibrary()
	names := make([]string, 0, len(lib))
	for n := range lib {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Source returns a built-in scenario's file as written (with its
// comments): a starting point for one's own.
func Source(name string) ([]byte, bool) {
	if _, ok := loadLibrary()[name]; !ok {
		return nil, false
	}
	data, err := library.ReadFile(path.Join("library", name+".yaml"))
	return data, err == nil
}

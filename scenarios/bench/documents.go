package bench

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/sim"
)

// documentsSim is the documents workload's run: one rollout over 10,000
// nodes at MaxConcurrency 10% and MaxErrors 5%, as the default scenario at
// ten times its fleet, to its end.
func documentsSim() (*sim.Sim, []*model.CreateAssociationOutput, []string, error) {
	s, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := s.AddNodes(sim.NodeGroup{Count: 10_000, Tags: []model.Tag{{Key: "Environment", Value: "production"}},
		Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: 0.02}}); err != nil {
		return nil, nil, nil, err
	}
	out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shell, AssociationName: "patch-production",
		Targets: []model.Target{{Key: "tag:Environment", Values: []string{"production"}}}, MaxConcurrency: "10%", MaxErrors: "5%"})
	if err != nil {
		return nil, nil, nil, err
	}
	s.RunUntil(s.Config().Start.Add(24 * time.Hour))
	ids := make([]string, s.Fleet().Len())
	for n := range ids {
		ids[n] = s.Fleet().ID(n)
	}
	return s, []*model.CreateAssociationOutput{out}, ids, nil
}

// documentsWorkload renders every API response document of the run
// (reports.EachDocument) and then exports them, rendered and written in
// one pass (reports.ExportDocuments, what ssmsim run --documents does),
// into a directory under os.TempDir — TMPDIR chooses the file system. It
// checks that the tree holds every document, byte for byte.
func documentsWorkload(ctx context.Context) (Result, error) {
	resetPeakRSS()
	s, created, ids, err := documentsSim()
	if err != nil {
		return Result{}, err
	}
	sum := sha256.New()
	var paths []string // in rendering order, to read the tree back in it
	size := 0
	t0, c0 := time.Now(), cpuTime()
	err = reports.EachDocument(s, created, ids, func(d reports.Document) error {
		paths = append(paths, d.Path)
		size += len(d.Body)
		sum.Write([]byte(d.Path))
		sum.Write(d.Body)
		return nil
	})
	render, renderCPU := time.Since(t0), cpuTime()-c0
	if err != nil {
		return Result{}, err
	}
	parent, err := os.MkdirTemp("", "ssmsim-bench-documents-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(parent)
	dir := filepath.Join(parent, "documents")
	t1 := time.Now()
	u1, s1 := cpuTimes()
	if err := reports.ExportDocuments(dir, s, created, ids); err != nil {
		return Result{}, err
	}
	u2, s2 := cpuTimes()
	export, exportCPU, exportSys := time.Since(t1), u2+s2-u1-s1, s2-s1
	// The tree, read back in path order, is what was rendered.
	back := sha256.New()
	n := 0
	byPath := map[string][]byte{}
	if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		byPath[filepath.ToSlash(rel)] = b
		n++
		return err
	}); err != nil {
		return Result{}, err
	}
	for _, p := range paths {
		back.Write([]byte(p))
		back.Write(byPath[p])
	}
	files := len(paths)
	if n != files || string(back.Sum(nil)) != string(sum.Sum(nil)) {
		return Result{}, fmt.Errorf("documents: the tree holds %d files, not the %d documents rendered, or other bytes", n, files)
	}
	mb := float64(size) / 1e6
	_ = ctx
	return Result{Name: "documents", Wall: export, Nodes: len(ids), PeakRSS: peakRSS(), Extra: map[string]float64{
		"files": float64(files), "megabytes": round3(mb),
		"render_mb_per_s": round3(mb / render.Seconds()), "render_cpu_s": round3(renderCPU.Seconds()),
		"export_mb_per_s": round3(mb / export.Seconds()), "export_cpu_s": round3(exportCPU.Seconds()),
		"export_sys_cpu_s": round3(exportSys.Seconds()), // the kernel's part: mostly creating the files
	}}, nil
}

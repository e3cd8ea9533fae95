package sweep

import (
	"context"
	"fmt"
	"sync"
)

// Job is one simulation of a sweep: a cell of the grid and a run number.
type Job struct {
	Cell int
	Run  int
	Seed uint64
}

// Jobs lists every (cell, run) pair, cell-major. Run r of every cell uses
// seed base+r, so cells differ only by their parameters.
func Jobs(cells []Cell, runs int, base uint64) []Job {
	jobs := make([]Job, 0, len(cells)*runs)
	for _, c := range cells {
		for r := range runs {
			jobs = append(jobs, Job{Cell: c.Index, Run: r, Seed: base + uint64(r)})
		}
	}
	return jobs
}

// Shard keeps the jobs of the cells whose index is i modulo n (0 <= i < n),
// so shards of one sweep are disjoint and together complete.
func Shard(jobs []Job, i, n int) ([]Job, error) {
	if n < 1 || i < 0 || i >= n {
		return nil, fmt.Errorf("sweep: shard %d/%d: want 0 <= i < n", i, n)
	}
	var out []Job
	for _, j := range jobs {
		if j.Cell%n == i {
			out = append(out, j)
		}
	}
	return out, nil
}

// Execute runs the jobs on `workers` goroutines (at least 1) and returns
// their results in job order, so the output is the same for any worker
// count. progress, if set, is called after each job with the number done
// (calls are serialised). The first error stops the remaining jobs.
func Execute[R any](ctx context.Context, jobs []Job, workers int, run func(Job) (R, error), progress func(done, total int)) ([]R, error) {
	workers = max(1, min(workers, len(jobs)))
	results := make([]R, len(jobs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				r, err := run(jobs[i])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("sweep: cell %d run %d (seed %d): %w", jobs[i].Cell, jobs[i].Run, jobs[i].Seed, err)
					cancel()
				}
				results[i] = r
				done++
				if progress != nil {
					progress(done, len(jobs))
				}
				mu.Unlock()
			}
		})
	}
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil && done < len(jobs) {
		return nil, err
	}
	return results, nil
}

package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim/server"
)

// 32 clients × 500 mixed calls (create, delete, describe, list, advance)
// against one server: no unexpected error, and afterwards every live
// association is listed exactly once and no deleted one at all. Deletes keep
// the live count under the 2,000-association quota (D18). Run under -race.
//
// The one tolerated error is a client-side net.ErrClosed after a 200 ("read
// tcp …: use of closed network connection"), a known rare race in the SDK's
// HTTP stack that the SDK itself now retries (aws/aws-sdk-go-v2#2737,
// #2949); a create hit by it has an unknown outcome, so its association may
// be listed once or not at all. The listing afterwards asks a page again
// when it meets it (`make race` once failed there).
func TestConcurrentClients(t *testing.T) {
	const workers, calls = 32, 500
	ctx := context.Background()
	_, ts := start(t, 9, server.Options{Seed: 9})
	addNodes(t, ts.URL, `{"Count": 20, "Tags": {"env": "prod"}, "Behavior": {"FailureProbability": 0.1, "DurationSeconds": 5}}`)

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = workers
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	c := client(ts.URL, hc)

	var mu sync.Mutex
	var created, uncertain, gone, unsureGone []string // live IDs; AssociationNames; deleted IDs; IDs maybe deleted
	var hiccups atomic.Int32
	errs := make(chan error, workers*calls)
	begin := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var mine, unsure, deleted, maybe []string
			for i := range calls {
				var err error
				name := fmt.Sprintf("w%d-c%d", w, i)
				switch i % 10 {
				case 0, 5:
					var out *ssm.CreateAssociationOutput
					out, err = c.CreateAssociation(ctx, &ssm.CreateAssociationInput{
						Name: aws.String("AWS-RunShellScript"), Parameters: shellParams,
						AssociationName: aws.String(name),
						Targets:         []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}},
						MaxConcurrency:  aws.String("25%"), MaxErrors: aws.String("2"),
					})
					switch {
					case err == nil:
						mine = append(mine, aws.ToString(out.AssociationDescription.AssociationId))
					case errors.Is(err, net.ErrClosed):
						unsure = append(unsure, name)
					}
				case 1, 6:
					if len(mine) == 0 {
						_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{MaxResults: aws.Int32(1)})
						break
					}
					_, err = c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: aws.String(mine[len(mine)-1])})
				case 2:
					if len(mine) == 0 {
						_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{MaxResults: aws.Int32(1)})
						break
					}
					_, err = c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(mine[0])})
				case 7:
					if len(mine) == 0 {
						_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{MaxResults: aws.Int32(1)})
						break
					}
					_, err = c.DeleteAssociation(ctx, &ssm.DeleteAssociationInput{AssociationId: aws.String(mine[0])})
					switch {
					case err == nil:
						deleted = append(deleted, mine[0])
						mine = mine[1:]
					case errors.Is(err, net.ErrClosed):
						maybe = append(maybe, mine[0])
						mine = mine[1:]
					}
				case 3, 8:
					_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{MaxResults: aws.Int32(50)})
				case 4:
					r, rerr := hc.Post(ts.URL+"/_ssmsim/advance", "application/json", stringsReader(`{"Seconds": 1.5}`))
					if err = rerr; err == nil {
						_, _ = io.Copy(io.Discard, r.Body)
						r.Body.Close()
						if r.StatusCode != 200 {
							err = fmt.Errorf("advance: HTTP %d", r.StatusCode)
						}
					}
				case 9:
					r, rerr := hc.Get(ts.URL + "/_ssmsim/clock")
					if err = rerr; err == nil {
						_, _ = io.Copy(io.Discard, r.Body)
						r.Body.Close()
					}
				}
				if errors.Is(err, net.ErrClosed) {
					hiccups.Add(1)
					t.Logf("worker %d call %d: tolerated client-side race: %v", w, i, err)
					err = nil
				}
				if err != nil {
					errs <- fmt.Errorf("worker %d call %d: %w", w, i, err)
				}
			}
			mu.Lock()
			created = append(created, mine...)
			uncertain = append(uncertain, unsure...)
			gone = append(gone, deleted...)
			unsureGone = append(unsureGone, maybe...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d calls in %v: %.0f calls/s", workers*calls, elapsed.Round(time.Millisecond), float64(workers*calls)/elapsed.Seconds())

	// Every created association exactly once, across all pages.
	assert.LessOrEqual(t, hiccups.Load(), int32(workers*calls/100), "client-side races are rare")
	listed, names := map[string]int{}, map[string]int{}
	p := ssm.NewListAssociationsPaginator(c, &ssm.ListAssociationsInput{MaxResults: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		for retry := 0; retry < 3 && errors.Is(err, net.ErrClosed); retry++ {
			page, err = p.NextPage(ctx) // the same SDK race; a page read is safe to ask again
		}
		require.NoError(t, err)
		for _, a := range page.Associations {
			listed[aws.ToString(a.AssociationId)]++
			names[aws.ToString(a.AssociationName)]++
		}
	}
	require.Equal(t, workers*calls/5-len(uncertain), len(created)+len(gone)+len(unsureGone), "every create accounted for")
	for _, id := range created {
		assert.Equal(t, 1, listed[id], id)
	}
	for _, id := range gone {
		assert.Zero(t, listed[id], "deleted %s is still listed", id)
	}
	for _, id := range unsureGone {
		assert.LessOrEqual(t, listed[id], 1, id)
		if listed[id] == 1 {
			created = append(created, id)
		}
	}
	extra := 0
	for _, n := range uncertain {
		assert.LessOrEqual(t, names[n], 1, n)
		extra += names[n]
	}
	assert.Len(t, listed, len(created)+extra, "nothing listed twice, nothing unknown")
}

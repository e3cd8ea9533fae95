package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"context"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The issue's row "1,100 slow-body connections: no timeouts or connection
// limit; accept4: too many open files", at a small scale: with the limits
// scaled down, many clients that send headers and then trickle (or stop
// sending) their body never hold more connections than the limit, each is
// cut after the read timeout, a header sent slowly is cut after the header
// timeout, an oversized header gets 431, and an ordinary client is served
// once the slow ones are gone.
func TestServe_SlowClients_BoundedAndCut(t *testing.T) {
	h, _, err := newServer(serveConfig{seed: 1})
	require.NoError(t, err)
	lim := httpLimits{readHeader: 200 * time.Millisecond, read: 400 * time.Millisecond, idle: time.Second,
		maxHeaderBytes: 4 << 10, maxConns: 8}
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	// Count connections below the limit: a slot is freed only after its
	// connection is closed.
	counted := &countingListener{Listener: raw}
	hs, ln := httpServer(counted, h, lim)
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	addr := raw.Addr().String()

	// 30 slow-body clients, started at once.
	const slow = 30
	var wg sync.WaitGroup
	held := make([]time.Duration, slow)
	for i := range slow {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", addr)
			if !assert.NoError(t, err) {
				return
			}
			defer c.Close()
			t0 := time.Now()
			fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonSSM.ListAssociations\r\nContent-Length: 1000\r\n\r\n{")
			_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
			_, _ = io.Copy(io.Discard, c) // until the server cuts it
			held[i] = time.Since(t0)
		}()
	}
	wg.Wait()
	peak := counted.peak()
	assert.LessOrEqual(t, peak, lim.maxConns, "connections open at once")
	longest := time.Duration(0)
	for _, d := range held {
		longest = max(longest, d)
	}
	// 30 clients through 8 slots, each slot freed after the read timeout:
	// about 4 rounds.
	assert.Less(t, longest, 10*lim.read, "the last slow client was cut after %v", longest)
	t.Logf("30 slow clients, at most %d connections at once, the last cut after %v", peak, longest)

	// A header that never ends is cut after the header timeout.
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t0 := time.Now()
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.Copy(io.Discard, c)
	c.Close()
	assert.Less(t, time.Since(t0), 5*lim.readHeader+lim.read, "a slow header held the connection")

	// An oversized header: 431.
	c, err = net.Dial("tcp", addr)
	require.NoError(t, err)
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", 2*lim.maxHeaderBytes))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	res.Body.Close()
	c.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)

	// An ordinary client is served.
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/", strings.NewReader(`{}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AmazonSSM.ListAssociations")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}

// The limits `ssmsim serve` uses: each a bound, none absent.
func TestServe_HTTPLimits(t *testing.T) {
	hs, ln := httpServer(nopListener{}, http.NotFoundHandler(), serveLimits)
	assert.Equal(t, 10*time.Second, hs.ReadHeaderTimeout)
	assert.Equal(t, 60*time.Second, hs.ReadTimeout)
	assert.Equal(t, 120*time.Second, hs.IdleTimeout)
	assert.Equal(t, 64<<10, hs.MaxHeaderBytes)
	assert.Zero(t, hs.WriteTimeout, "an advance may answer late; it bounds itself")
	assert.NotEqual(t, fmt.Sprintf("%T", nopListener{}), fmt.Sprintf("%T", ln), "the listener is limited")
	assert.Equal(t, 512, serveLimits.maxConns)
}

type nopListener struct{ net.Listener }

// countingListener counts the connections open at once, and the most ever.
type countingListener struct {
	net.Listener
	mu         sync.Mutex
	open, most int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.open++
	l.most = max(l.most, l.open)
	l.mu.Unlock()
	return &countedConn{Conn: c, l: l}, nil
}

func (l *countingListener) peak() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.most
}

type countedConn struct {
	net.Conn
	l    *countingListener
	once sync.Once
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		c.l.mu.Unlock()
	})
	return err
}

// Headers over the limit get net/http's own 431, not an AWS error
// document: the real service's front does the same — an SES request whose
// headers passed 16 KB was shut down with reqHdrTooBig and the client
// (rusoto) saw an error with an empty body it could not read, Unknown("")
// (rusoto/rusoto#1093). net/http answers and hangs up while the client is
// still sending, so the SDK may read a reset instead of the body and try
// again: it reports the 431 after at most its three attempts, within
// seconds, and the server serves the next client.
func TestServe_OversizedHeaders_SDKSeesThe431(t *testing.T) {
	h, _, err := newServer(serveConfig{seed: 1})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs, lln := httpServer(ln, h, serveLimits)
	go func() { _ = hs.Serve(lln) }()
	defer hs.Close()

	attempts := 0
	big := middleware.FinalizeMiddlewareFunc("big-header", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		attempts++ // after the retry middleware: once per attempt
		if req, ok := in.Request.(*smithyhttp.Request); ok {
			req.Header.Set("X-Big", strings.Repeat("a", 2*serveLimits.maxHeaderBytes))
		}
		return next.HandleFinalize(ctx, in)
	})
	c := ssm.New(ssm.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://" + ln.Addr().String()),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")},
		func(o *ssm.Options) {
			o.Retryer = retry.AddWithMaxBackoffDelay(retry.NewStandard(), 10*time.Millisecond) // standard attempts, short waits
			o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Finalize.Add(big, middleware.After) })
		})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{})
	var re *smithyhttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, re.HTTPStatusCode())
	assert.LessOrEqual(t, attempts, 3, "the SDK's standard retryer makes at most three attempts")
	t.Logf("after %d attempts the SDK reports: %v", attempts, err)

	// Without the header, the same client is served.
	c2 := ssm.New(ssm.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://" + ln.Addr().String()),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	_, err = c2.ListAssociations(ctx, &ssm.ListAssociationsInput{})
	require.NoError(t, err)
}

package main

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's "Testing your SSM client against ssmsim" session is what a
// real server answers: its serve line is started (on a free port), its AWS
// CLI and curl lines run in one shell in order, and each answer printed
// under a command (indented two spaces) must be what that command printed,
// compared field by field (the CLI's text output separates by tabs).
func TestReadme_ClientTestingSessionAnswersAsShown(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("SKIP: the aws command is not installed; the README's client-testing session was not replayed")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("SKIP: curl is not installed; the README's client-testing session was not replayed")
	}
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	readme := string(b)
	i := strings.Index(readme, "### Testing your SSM client against ssmsim")
	require.GreaterOrEqual(t, i, 0, "the README's section")
	section := readme[i:]
	serveLine := regexp.MustCompile("(?m)^ssmsim (serve .*)$").FindStringSubmatch(section)
	require.NotNil(t, serveLine, "the section's serve line")
	start := strings.Index(section, "```text\n")
	require.GreaterOrEqual(t, start, 0, "the session block")
	block := section[start+len("```text\n"):]
	block = block[:strings.Index(block, "```")]

	// The server, as the README starts it, on a free port.
	args := strings.Fields(serveLine[1])
	for k, a := range args {
		if a == "--addr" {
			args[k+1] = "127.0.0.1:0"
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, &strings.Builder{}, stderr) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := regexp.MustCompile(`listening on (http://\S+)`)
	require.Eventually(t, func() bool { return addr.MatchString(stderr.String()) }, 20*time.Second, 5*time.Millisecond, "the server listens")
	url := addr.FindStringSubmatch(stderr.String())[1]

	// Commands (with their continuation lines) and the answers under them.
	var script strings.Builder
	var want [][]string
	const marker = "@@answer@@"
	lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
	for k := 0; k < len(lines); k++ {
		line := lines[k]
		switch {
		case strings.HasPrefix(line, "  "):
			want[len(want)-1] = append(want[len(want)-1], strings.Join(strings.Fields(line), " "))
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			cmd := line
			for strings.HasSuffix(cmd, `\`) && k+1 < len(lines) {
				k++
				cmd = strings.TrimSuffix(cmd, `\`) + " " + strings.TrimSpace(lines[k])
			}
			if strings.HasPrefix(cmd, "E=") {
				cmd = "E=" + url
			}
			if strings.HasPrefix(cmd, "aws ") || strings.Contains(cmd, " aws ") || strings.HasPrefix(cmd, "curl ") {
				script.WriteString("echo " + marker + "\n")
				want = append(want, nil)
			}
			script.WriteString(cmd + " 2>&1; echo\n")
		}
	}
	require.GreaterOrEqual(t, len(want), 5, "the session's commands")
	sh := exec.Command("bash", "-c", script.String())
	sh.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	out, err := sh.CombinedOutput()
	require.NoError(t, err, "%s", out)
	got := strings.Split(string(out), marker+"\n")[1:]
	require.Len(t, got, len(want), "%s", out)
	for k := range want {
		var answer []string
		for _, l := range strings.Split(got[k], "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				answer = append(answer, l)
			}
		}
		if want[k] == nil {
			continue // a command whose answer the README does not show
		}
		assert.Equal(t, want[k], answer, "answer %d", k+1)
	}
}

package interop

// Harness: starting and stopping talos-ts agents, building clients the way
// talosctl builds them, and small assertion helpers.

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/siderolabs/talos/pkg/machinery/client"
	clientconfig "github.com/siderolabs/talos/pkg/machinery/client/config"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	// apidPort is where the agent serves the Talos API (constants.ApidPort).
	apidPort = 50000
	// trustdPort is where the agent serves trustd (constants.TrustdPort).
	trustdPort = 50001

	// readyAttempts × readyInterval bounds the wait for the agent's TLS listener.
	readyAttempts = 200
	readyInterval = 50 * time.Millisecond

	// configuredTimeout bounds the wait for the agent to come back with mTLS
	// after leaving maintenance mode (or after a restart).
	configuredTimeout = 30 * time.Second

	// callTimeout bounds every single API call.
	callTimeout = 10 * time.Second

	// stopTimeout is how long a stopped agent gets to exit after SIGTERM before SIGKILL.
	stopTimeout = 10 * time.Second
)

// Loopback addresses, one per agent, so that the tests can run in parallel.
const (
	ipMaintenance   = "127.0.0.11" // TestMaintenanceMode
	ipBadConfigs    = "127.0.0.12" // TestApplyConfigRejectsBadConfigs
	ipApply         = "127.0.0.13" // TestApplyConfigEndsMaintenance
	ipRoles         = "127.0.0.14" // TestRoleBasedAccess
	ipMachineryCP   = "127.0.0.15" // TestMachineryGeneratedConfig (controlplane)
	ipMachineryWk   = "127.0.0.16" // TestMachineryGeneratedConfig (worker)
	ipRestart       = "127.0.0.17" // TestRestartKeepsConfiguration
	ipGenConfigOnly = "127.0.0.18" // endpoint used by TestGenConfigOutput (no agent listens there)
	ipNodes         = "127.0.0.19" // TestNodeTargeting
	ipInspect       = "127.0.0.20" // TestControllers
	ipControlPlane  = "127.0.0.25" // TestControlPlaneResources
	ipApplyModes    = "127.0.0.26" // TestApplyModes
	ipServices      = "127.0.0.27" // TestServicesAndEtcd
	ipGatewayCP     = "127.0.0.21" // TestGateway (control plane)
	ipGatewayW1     = "127.0.0.22" // TestGateway (worker)
	ipGatewayW2     = "127.0.0.23" // TestGateway (worker, stopped halfway)
	ipRotateCP      = "127.0.0.28" // TestRotateCA (control plane)
	ipRotateWorker  = "127.0.0.29" // TestRotateCA (worker)
	ipTalosSuites   = "127.0.0.30" // TestTalosAPISuiteItems
)

// agentBinary returns the absolute path of dist/talos-ts.js, failing the test
// with a clear message when it does not exist.
func agentBinary(t *testing.T) string {
	t.Helper()

	path := os.Getenv("TALOS_TS_BIN")
	from := "TALOS_TS_BIN"

	if path == "" {
		path = filepath.Join("..", "..", "dist", "talos-ts.js")
		from = "default location (TALOS_TS_BIN is not set)"
	}

	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatalf("cannot resolve talos-ts agent path %q: %v", path, err)
	}

	if st, err := os.Stat(abs); err != nil || st.IsDir() {
		t.Fatalf("talos-ts agent not found at %s (%s): build it with `npm run build` in the repository root, "+
			"or point TALOS_TS_BIN at dist/talos-ts.js (stat error: %v)", abs, from, err)
	}

	return abs
}

// nodeBinary returns the path of `node` on PATH.
func nodeBinary(t *testing.T) string {
	t.Helper()

	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("`node` is not on PATH (needed to run the talos-ts agent): %v", err)
	}

	return node
}

// mustLoopback fails unless ip is an IPv4 loopback address: the tests never
// touch any other address.
func mustLoopback(t *testing.T, ip string) {
	t.Helper()

	parsed := net.ParseIP(ip)
	if parsed == nil || parsed.To4() == nil || !parsed.IsLoopback() {
		t.Fatalf("refusing to use %q: interop tests only use 127.0.0.x addresses", ip)
	}
}

func apidAddr(ip string) string   { return net.JoinHostPort(ip, strconv.Itoa(apidPort)) }
func trustdAddr(ip string) string { return net.JoinHostPort(ip, strconv.Itoa(trustdPort)) }

// syncBuffer collects the agent's stdout and stderr.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.String()
}

// Agent is one running `talos-ts machined` child process.
type Agent struct {
	t        *testing.T
	IP       string
	StateDir string
	Label    string

	cmd     *exec.Cmd
	out     *syncBuffer
	done    chan struct{}
	waitErr error

	stopOnce sync.Once
}

// StartAgent starts `node <bin> machined --platform container --state-dir
// stateDir --listen ip` and waits until ip:50000 answers TLS. The agent is
// stopped in t.Cleanup; its output is logged if the test failed.
func StartAgent(t *testing.T, ip, stateDir string) *Agent {
	t.Helper()

	mustLoopback(t, ip)

	bin := agentBinary(t)
	node := nodeBinary(t)

	// Make sure we are not about to talk to a leftover agent from another run.
	for _, addr := range []string{apidAddr(ip), trustdAddr(ip)} {
		if conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			conn.Close() //nolint:errcheck

			t.Fatalf("%s already accepts connections before the agent was started: a stale process is listening there", addr)
		}
	}

	a := &Agent{
		t:        t,
		IP:       ip,
		StateDir: stateDir,
		Label:    fmt.Sprintf("agent %s (state dir %s)", ip, stateDir),
		out:      &syncBuffer{},
		done:     make(chan struct{}),
	}

	a.cmd = exec.Command(node, bin, "machined", "--platform", "container", "--state-dir", stateDir, "--listen", ip)
	a.cmd.Stdout = a.out
	a.cmd.Stderr = a.out
	a.cmd.Env = os.Environ()
	// own process group, so that Stop also reaches any helper processes the agent spawns
	a.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	if err := a.cmd.Start(); err != nil {
		t.Fatalf("failed to start %s: %v", a.Label, err)
	}

	go func() {
		a.waitErr = a.cmd.Wait()
		close(a.done)
	}()

	// Cleanups run last-registered-first: stop the agent, then dump its output.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("---- output of %s ----\n%s\n---- end of output of %s ----", a.Label, a.out.String(), a.Label)
		}
	})
	t.Cleanup(a.Stop)

	a.WaitTLS()

	return a
}

// exitDesc describes how the exited agent ended (e.g. "exit status 0").
func (a *Agent) exitDesc() string {
	if a.cmd.ProcessState != nil {
		return a.cmd.ProcessState.String()
	}

	return fmt.Sprint(a.waitErr)
}

// Output returns everything the agent printed so far.
func (a *Agent) Output() string { return a.out.String() }

// Exited reports whether the agent process has exited.
func (a *Agent) Exited() bool {
	select {
	case <-a.done:
		return true
	default:
		return false
	}
}

// WaitTLS waits (bounded: 200 × 50 ms) until ip:50000 answers TLS. A
// handshake that the server completes, or answers with a TLS alert (a
// configured agent demands a client certificate), counts as answering.
func (a *Agent) WaitTLS() {
	a.t.Helper()

	var lastErr error

	start := time.Now()

	for range readyAttempts {
		if a.Exited() {
			a.t.Fatalf("%s exited (%s) before %s answered TLS\noutput:\n%s", a.Label, a.exitDesc(), apidAddr(a.IP), a.Output())
		}

		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", apidAddr(a.IP), &tls.Config{
			InsecureSkipVerify: true, //nolint:gosec // readiness probe only
			NextProtos:         []string{"h2"},
		})
		if err == nil || isTLSAlert(err) {
			if err == nil {
				conn.Close() //nolint:errcheck
			}

			a.t.Logf("%s answers TLS on %s after %s", a.Label, apidAddr(a.IP), time.Since(start).Round(time.Millisecond))

			return
		}

		lastErr = err

		time.Sleep(readyInterval)
	}

	a.t.Fatalf("%s did not answer TLS on %s after %d attempts × %s (last error: %v)\noutput:\n%s",
		a.Label, apidAddr(a.IP), readyAttempts, readyInterval, lastErr, a.Output())
}

// Stop sends SIGTERM to the agent's process group, waits up to 10 s, then
// SIGKILLs it and waits for it to be gone. Safe to call more than once.
func (a *Agent) Stop() {
	a.stopOnce.Do(func() {
		pid := a.cmd.Process.Pid
		start := time.Now()

		if a.Exited() {
			a.t.Logf("%s had already exited (%s) before it was stopped", a.Label, a.exitDesc())
		} else {
			_ = syscall.Kill(-pid, syscall.SIGTERM) //nolint:errcheck
		}

		select {
		case <-a.done:
			a.t.Logf("%s stopped after %s (%s)", a.Label, time.Since(start).Round(time.Millisecond), a.exitDesc())
		case <-time.After(stopTimeout):
			a.t.Logf("%s did not exit %s after SIGTERM, sending SIGKILL", a.Label, stopTimeout)

			_ = syscall.Kill(-pid, syscall.SIGKILL) //nolint:errcheck

			<-a.done
		}

		// whatever is left in the process group (helpers of the agent)
		_ = syscall.Kill(-pid, syscall.SIGKILL) //nolint:errcheck

		// the listeners must be gone before anyone reuses the address
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			conn, err := net.DialTimeout("tcp", apidAddr(a.IP), 100*time.Millisecond)
			if err != nil {
				return
			}

			conn.Close() //nolint:errcheck
			time.Sleep(50 * time.Millisecond)
		}

		a.t.Errorf("%s: %s still accepts connections after the agent exited", a.Label, apidAddr(a.IP))
	})
}

// ---- clients ----

// insecureClient builds the client exactly like `talosctl --insecure`
// (cmd/talosctl/pkg/talos/global.Args.WithClientMaintenance without fingerprints).
func insecureClient(t *testing.T, ip string) *client.Client {
	t.Helper()

	c, err := client.New(context.Background(),
		client.WithDefaultGRPCDialOptions(),
		client.WithTLSConfig(&tls.Config{
			InsecureSkipVerify: true, //nolint:gosec // this is what talosctl --insecure does
		}),
		client.WithEndpoints(ip),
	)
	if err != nil {
		t.Fatalf("client.New (insecure) for %s: %v", ip, err)
	}

	t.Cleanup(func() { c.Close() }) //nolint:errcheck

	return c
}

// configClient builds the client exactly like talosctl with a talosconfig
// and --endpoints (cmd/talosctl/pkg/talos/global.Args.WithClientNoNodes).
func configClient(t *testing.T, cfg *clientconfig.Config, ip string) *client.Client {
	t.Helper()

	c, err := client.New(context.Background(),
		client.WithConfig(cfg),
		client.WithDefaultGRPCDialOptions(),
		client.WithEndpoints(ip),
	)
	if err != nil {
		t.Fatalf("client.New (talosconfig) for %s: %v", ip, err)
	}

	t.Cleanup(func() { c.Close() }) //nolint:errcheck

	return c
}

// callCtx returns a context for one API call.
func callCtx(t *testing.T) context.Context {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)

	return ctx
}

// waitConfigured polls Version over mTLS (fresh client each attempt, so that
// gRPC reconnect backoff does not get in the way) until it succeeds, bounded
// by timeout. It returns a client that worked.
func waitConfigured(t *testing.T, a *Agent, cfg *clientconfig.Config, timeout time.Duration) *client.Client {
	t.Helper()

	deadline := time.Now().Add(timeout)

	var lastErr error

	for attempt := 1; ; attempt++ {
		if a.Exited() {
			t.Fatalf("%s exited (%s) while waiting for it to serve mTLS", a.Label, a.exitDesc())
		}

		c, err := client.New(context.Background(),
			client.WithConfig(cfg),
			client.WithDefaultGRPCDialOptions(),
			client.WithEndpoints(a.IP),
		)
		if err != nil {
			t.Fatalf("client.New (talosconfig) for %s: %v", a.IP, err)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, err = c.Version(ctx)

		cancel()

		if err == nil {
			t.Cleanup(func() { c.Close() }) //nolint:errcheck

			t.Logf("%s answers Version over mTLS after %s (%d attempts)", a.Label, time.Since(deadline.Add(-timeout)).Round(time.Millisecond), attempt)

			return c
		}

		c.Close() //nolint:errcheck

		lastErr = err

		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer Version over mTLS (talosconfig credentials) within %s, %d attempts; last error: %v",
				a.Label, timeout, attempt, lastErr)
		}

		time.Sleep(250 * time.Millisecond)
	}
}

// ---- TLS probing ----

// isTLSAlert reports whether err is a TLS alert sent by the peer (crypto/tls
// reports those as net.OpError{Op: "remote error"}).
func isTLSAlert(err error) bool {
	var opErr *net.OpError

	return errors.As(err, &opErr) && opErr.Op == "remote error"
}

// probeTLS connects to ip:50000 presenting the given client certificate
// (none for nil), completes the TLS handshake, sends the HTTP/2 client
// preface and waits for the server's first bytes (an HTTP/2 server starts
// with its SETTINGS frame).
//
// It returns nil if the server accepted the connection (sent data), or the
// error by which it refused it at the TLS level: a TLS alert (during the
// handshake, or right after it with TLS 1.3, e.g. "certificate required"),
// or the connection closed/reset right after the handshake without a single
// byte of application data (Node.js drops connections whose client
// certificate fails verification that way). Anything else (connection
// refused, no answer within 3 s) fails the test.
func probeTLS(t *testing.T, ip string, certs []tls.Certificate) error {
	t.Helper()

	cfg := &tls.Config{
		InsecureSkipVerify: true, //nolint:gosec // probing the server's client-certificate policy only
		NextProtos:         []string{"h2"},
	}

	if len(certs) > 0 {
		// Always present the certificate, even when its issuer is not among
		// the CAs the server lists as acceptable (crypto/tls would silently
		// send no certificate then): the server itself has to refuse it.
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			return &certs[0], nil
		}
	}

	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 3 * time.Second}, "tcp", apidAddr(ip), cfg)
	if err != nil {
		if isTLSAlert(err) || isClosed(err) {
			return fmt.Errorf("refused during the TLS handshake: %w", err)
		}

		t.Fatalf("TLS probe of %s: expected a completed handshake or a TLS-level refusal, got: %v", apidAddr(ip), err)
	}

	defer conn.Close() //nolint:errcheck

	_ = conn.SetDeadline(time.Now().Add(3 * time.Second)) //nolint:errcheck

	_, _ = conn.Write([]byte("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")) //nolint:errcheck

	buf := make([]byte, 1)

	_, err = conn.Read(buf)

	var netErr net.Error

	switch {
	case err == nil:
		return nil
	case isTLSAlert(err):
		return fmt.Errorf("refused with a TLS alert after the handshake: %w", err)
	case isClosed(err):
		return fmt.Errorf("connection closed right after the TLS handshake, without any data: %w", err)
	case errors.As(err, &netErr) && netErr.Timeout():
		t.Fatalf("TLS probe of %s: the server neither sent data nor closed the connection within 3 s after the handshake", apidAddr(ip))
	default:
		t.Fatalf("TLS probe of %s: after the handshake expected data, a TLS alert or a close, got: %v", apidAddr(ip), err)
	}

	return nil
}

// isClosed reports whether err means the peer closed or reset the connection.
func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// requireTLSRefused asserts that the server refuses a TLS connection with the
// given client certificate (nil: none) at the TLS level.
func requireTLSRefused(t *testing.T, ip string, certs []tls.Certificate, what string) {
	t.Helper()

	if err := probeTLS(t, ip, certs); err == nil {
		t.Fatalf("%s: %s accepted the connection (sent HTTP/2 data), expected a refusal at the TLS level", what, apidAddr(ip))
	} else {
		t.Logf("%s: refused at the TLS level as expected: %v", what, err)
	}
}

// requireTLSAccepted asserts that the server accepts a TLS connection with
// the given client certificate (nil: none) and starts talking HTTP/2.
func requireTLSAccepted(t *testing.T, ip string, certs []tls.Certificate, what string) {
	t.Helper()

	if err := probeTLS(t, ip, certs); err != nil {
		t.Fatalf("%s: %s %v, expected it to accept the connection", what, apidAddr(ip), err)
	}
}

// ---- assertions ----

// requireCode asserts that err carries the gRPC status code want.
func requireCode(t *testing.T, err error, want codes.Code, what string) {
	t.Helper()

	if err == nil {
		t.Fatalf("%s: succeeded, expected gRPC code %s", what, want)
	}

	if got := status.Code(err); got != want {
		t.Fatalf("%s: expected gRPC code %s, got %s (%v)", what, want, got, err)
	}
}

// expectCode is requireCode that records the failure and lets the test go on
// (for independent checks, so that one failure does not hide the others).
func expectCode(t *testing.T, err error, want codes.Code, what string) {
	t.Helper()

	if err == nil {
		t.Errorf("%s: succeeded, expected gRPC code %s", what, want)

		return
	}

	if got := status.Code(err); got != want {
		t.Errorf("%s: expected gRPC code %s, got %s (%v)", what, want, got, err)
	}
}

// runCmd runs a command with a timeout and returns its combined output,
// failing the test if it does not succeed.
func runCmd(t *testing.T, timeout time.Duration, name string, args ...string) string {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, name, args...)

	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v failed: %v\noutput:\n%s", name, args, err, out)
	}

	return string(out)
}

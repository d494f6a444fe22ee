package interop

// `talosctl time` through the official client: the agent's config names a real NTP server (Debian's
// chronyd, on loopback, never touching the host's clock); `Time` answers with that server and its time,
// `TimeCheck` asks the server it is given; a closed port and a silent server are clear errors within the
// query timeout, an empty server InvalidArgument. `get timestatus` decodes as Talos's typed resource:
// on the container platform the host owns the clock, so the time is synced with sync disabled.

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	timeres "github.com/siderolabs/talos/pkg/machinery/resources/time"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	ipTime       = "127.0.0.44" // TestTime: the agent
	ipTimeServer = "127.0.0.45" // TestTime: chronyd and a silent UDP socket
)

// freeUDPPort returns a UDP port nothing listens on at ip right now.
func freeUDPPort(t *testing.T, ip string) int {
	t.Helper()

	conn, err := net.ListenPacket("udp4", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatalf("listening on %s: %v", ip, err)
	}

	port := conn.LocalAddr().(*net.UDPAddr).Port //nolint:forcetypeassert

	conn.Close() //nolint:errcheck

	return port
}

// startChrony runs chronyd as a synchronized (local stratum 8) NTP server on ip and returns "ip:port".
func startChrony(t *testing.T, ip string) string {
	t.Helper()

	mustLoopback(t, ip)

	chronyd, err := exec.LookPath("chronyd")
	if err != nil {
		t.Fatalf("chronyd is missing: install it with `apt-get install chrony` (.ci/run does)")
	}

	dir := t.TempDir()
	port := freeUDPPort(t, ip)
	conf := fmt.Sprintf("port %d\nbindaddress %s\nallow 127.0.0.0/8\ncmdport 0\npidfile %s\nlocal stratum 8\n",
		port, ip, filepath.Join(dir, "chronyd.pid"))

	if err = os.WriteFile(filepath.Join(dir, "chrony.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}

	var out syncBuffer

	cmd := exec.Command(chronyd, "-x", "-d", "-u", "root", "-f", filepath.Join(dir, "chrony.conf"))
	cmd.Stdout, cmd.Stderr = &out, &out

	if err = cmd.Start(); err != nil {
		t.Fatalf("starting chronyd: %v", err)
	}

	t.Cleanup(func() {
		cmd.Process.Kill() //nolint:errcheck
		cmd.Wait()         //nolint:errcheck
	})

	server := net.JoinHostPort(ip, fmt.Sprint(port))

	// ready once it answers a client packet
	for range 50 {
		if ntpAnswers(server) {
			return server
		}

		time.Sleep(100 * time.Millisecond)
	}

	t.Fatalf("chronyd on %s did not answer:\n%s", server, out.String())

	return ""
}

func ntpAnswers(server string) bool {
	conn, err := net.Dial("udp4", server)
	if err != nil {
		return false
	}

	defer conn.Close() //nolint:errcheck

	req := make([]byte, 48)
	req[0] = 4<<3 | 3

	if _, err = conn.Write(req); err != nil {
		return false
	}

	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond)) //nolint:errcheck

	_, err = conn.Read(make([]byte, 128))

	return err == nil
}

func TestTime(t *testing.T) {
	t.Parallel()

	server := startChrony(t, ipTimeServer)

	silent, err := net.ListenPacket("udp4", net.JoinHostPort(ipTimeServer, "0"))
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() { silent.Close() }) //nolint:errcheck

	a := StartAgent(t, ipTime, t.TempDir())
	g := genConfig(t, "interop-time", a.IP)
	doc := fmt.Sprintf("---\napiVersion: v1alpha1\nkind: TimeSyncConfig\nntp:\n    servers:\n        - %s\n", server)
	applyInsecure(t, a.IP, append(g.ControlPlane, []byte(doc)...))

	c := waitConfigured(t, a, g.Talosconfig, 30*time.Second)

	before := time.Now()

	resp, err := c.Time(callCtx(t))
	if err != nil {
		t.Fatalf("Time: %v", err)
	}

	msgs := resp.GetMessages()
	if len(msgs) != 1 || msgs[0].GetServer() != server {
		t.Fatalf("Time: want one answer from %s, got %v", server, msgs)
	}

	for name, ts := range map[string]time.Time{"remotetime": msgs[0].GetRemotetime().AsTime(), "localtime": msgs[0].GetLocaltime().AsTime()} {
		if ts.Before(before.Add(-time.Second)) || ts.After(time.Now().Add(time.Second)) {
			t.Errorf("Time: %s %s is not within a second of the call (%s)", name, ts, before)
		}
	}

	resp, err = c.TimeCheck(callCtx(t), server)
	if err != nil || len(resp.GetMessages()) != 1 || resp.GetMessages()[0].GetServer() != server {
		t.Fatalf("TimeCheck %s: %v, %v", server, resp, err)
	}

	closed := net.JoinHostPort(ipTimeServer, fmt.Sprint(freeUDPPort(t, ipTimeServer)))
	_, err = c.TimeCheck(callCtx(t), closed)
	requireCode(t, err, codes.Unknown, "TimeCheck of a closed port")

	if want := fmt.Sprintf("error querying NTP server %q: read udp %s: connection refused", closed, closed); status.Convert(err).Message() != want {
		t.Errorf("TimeCheck of a closed port: %q, want %q", status.Convert(err).Message(), want)
	}

	started := time.Now()
	_, err = c.TimeCheck(callCtx(t), silent.LocalAddr().String())
	requireCode(t, err, codes.Unknown, "TimeCheck of a silent server")

	if elapsed := time.Since(started); !strings.Contains(err.Error(), "i/o timeout") || elapsed > 15*time.Second {
		t.Errorf("TimeCheck of a silent server: %v after %s, want an i/o timeout", err, elapsed)
	}

	// the caller's deadline ends it sooner
	ctx, cancel := context.WithTimeout(callCtx(t), time.Second)
	defer cancel()

	_, err = c.TimeCheck(ctx, silent.LocalAddr().String())
	if code := status.Code(err); code != codes.DeadlineExceeded && code != codes.Unknown {
		t.Errorf("TimeCheck with a 1 s deadline: %v", err)
	}

	_, err = c.TimeCheck(callCtx(t), "")
	requireCode(t, err, codes.InvalidArgument, "TimeCheck without a server")

	st, err := safe.StateGetByID[*timeres.Status](callCtx(t), c.COSI, timeres.StatusID)
	if err != nil {
		t.Fatalf("get timestatus: %v", err)
	}

	if spec := st.TypedSpec(); !spec.Synced || !spec.SyncDisabled || spec.Epoch != 0 {
		t.Errorf("TimeStatus in a container: %+v, want synced with sync disabled", spec)
	}
}

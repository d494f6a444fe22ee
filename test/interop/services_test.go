package interop

// Services and etcd through the official client: `talosctl services`, `talosctl logs etcd`,
// `talosctl events`, `talosctl bootstrap` and `talosctl etcd members`, against the real etcd binary.

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/siderolabs/talos/pkg/machinery/api/common"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"github.com/siderolabs/talos/pkg/machinery/resources/etcd"
	"google.golang.org/grpc/codes"
)

// serviceState returns the state and health of one service from ServiceList.
// waitServiceHealthy waits (up to a minute) until ServiceList shows the service Running and healthy.
func waitServiceHealthy(t *testing.T, c *client.Client, id string) {
	t.Helper()

	deadline := time.Now().Add(60 * time.Second)

	for {
		state, healthy := serviceState(t, c, id)
		if state == "Running" && healthy {
			return
		}

		if time.Now().After(deadline) {
			t.Fatalf("%s not Running and healthy: %s (healthy %v)", id, state, healthy)
		}

		time.Sleep(250 * time.Millisecond)
	}
}

func serviceState(t *testing.T, c *client.Client, id string) (string, bool) {
	t.Helper()

	resp, err := c.ServiceList(callCtx(t))
	if err != nil {
		t.Fatalf("ServiceList: %v", err)
	}

	for _, m := range resp.GetMessages() {
		for _, s := range m.GetServices() {
			if s.GetId() == id {
				return s.GetState(), s.GetHealth().GetHealthy()
			}
		}
	}

	return "", false
}

func TestServicesAndEtcd(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipServices, t.TempDir())
	g := genConfig(t, "svc", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	// the services a control plane runs here
	resp, err := c.ServiceList(callCtx(t))
	if err != nil {
		t.Fatalf("ServiceList: %v", err)
	}

	var ids []string
	for _, m := range resp.GetMessages() {
		for _, s := range m.GetServices() {
			ids = append(ids, s.GetId())
		}
	}

	for _, want := range []string{"apid", "containerd", "cri", "etcd", "machined", "trustd"} {
		if !slices.Contains(ids, want) {
			t.Fatalf("ServiceList: %s missing from %v", want, ids)
		}
	}

	// events: service state changes are streamed
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	sawService := make(chan string, 16)
	go func() {
		_ = c.EventsWatch(ctx, func(ch <-chan client.Event) { //nolint:errcheck
			for ev := range ch {
				if p, ok := ev.Payload.(*machine.ServiceStateEvent); ok {
					select {
					case sawService <- p.GetService():
					default:
					}
				}
			}
		}, client.WithTailEvents(-1))
	}()

	select {
	case <-sawService:
	case <-time.After(configuredTimeout):
		t.Fatalf("no ServiceStateEvent from Events")
	}

	// bootstrap: etcd starts a new cluster, becomes healthy, lists one member
	if err = c.Bootstrap(callCtx(t), &machine.BootstrapRequest{}); err != nil {
		t.Fatalf("Bootstrap: %v", err)
	}

	waitServiceHealthy(t, c, "etcd")

	members, err := c.EtcdMemberList(callCtx(t), &machine.EtcdMemberListRequest{})
	if err != nil {
		t.Fatalf("EtcdMemberList: %v", err)
	}

	if n := len(members.GetMessages()[0].GetMembers()); n != 1 || members.GetMessages()[0].GetMembers()[0].GetIsLearner() {
		t.Fatalf("EtcdMemberList: %v", members)
	}

	member := eventuallyGet[*etcd.Member](t, c, etcd.NamespaceName, etcd.LocalMemberID)
	if member.TypedSpec().MemberID == "" {
		t.Fatalf("EtcdMember has no member id")
	}

	_, err = safe.StateListAll[*etcd.Member](callCtx(t), c.COSI)
	if err != nil {
		t.Fatalf("list etcd members: %v", err)
	}

	// status, alarms, snapshot: `talosctl etcd status`, `etcd alarm list`, `etcd snapshot`
	st, err := c.EtcdStatus(callCtx(t))
	if err != nil {
		t.Fatalf("EtcdStatus: %v", err)
	}

	ms := st.GetMessages()[0].GetMemberStatus()
	if ms.GetMemberId() == 0 || ms.GetLeader() != ms.GetMemberId() || ms.GetDbSize() == 0 {
		t.Fatalf("EtcdStatus: %v", ms)
	}

	if _, err = c.EtcdAlarmList(callCtx(t)); err != nil {
		t.Fatalf("EtcdAlarmList: %v", err)
	}

	snap, err := c.EtcdSnapshot(callCtx(t), &machine.EtcdSnapshotRequest{})
	if err != nil {
		t.Fatalf("EtcdSnapshot: %v", err)
	}

	size, err := io.Copy(io.Discard, snap)
	if err != nil || size < 1024 {
		t.Fatalf("EtcdSnapshot: %d bytes (err %v)", size, err)
	}

	snap.Close() //nolint:errcheck

	// a second bootstrap is refused
	err = c.Bootstrap(callCtx(t), &machine.BootstrapRequest{})
	requireCode(t, err, codes.AlreadyExists, "second Bootstrap")

	// the etcd log, as `talosctl logs etcd` reads it
	stream, err := c.Logs(callCtx(t), "system", 0, "etcd", false, -1)
	if err != nil {
		t.Fatalf("Logs etcd: %v", err)
	}

	var text strings.Builder
	for {
		data, err := stream.Recv()
		if err != nil {
			break
		}

		text.Write(data.GetBytes())
	}

	if !strings.Contains(text.String(), "etcd") {
		t.Fatalf("etcd log is empty or not etcd's:\n%s", text.String())
	}

	// `talosctl containers` and `talosctl stats` answer from the system containerd, once it is up (after
	// a config applied in maintenance mode, it starts when apid is up again)
	waitServiceHealthy(t, c, "containerd")

	if _, err = c.Containers(callCtx(t), "system", common.ContainerDriver_CONTAINERD); err != nil {
		t.Fatalf("Containers: %v", err)
	}

	if _, err = c.Stats(callCtx(t), "system", common.ContainerDriver_CONTAINERD); err != nil {
		t.Fatalf("Stats: %v", err)
	}

	// follow: `talosctl logs -f etcd` gets the tail, then stays open for new lines
	followCtx, stopFollow := context.WithTimeout(context.Background(), callTimeout)
	defer stopFollow()

	follow, err := c.Logs(followCtx, "system", 0, "etcd", true, 1)
	if err != nil {
		t.Fatalf("Logs -f etcd: %v", err)
	}

	first, err := follow.Recv()
	if err != nil || len(first.GetBytes()) == 0 {
		t.Fatalf("Logs -f etcd: first message %v (err %v)", first, err)
	}

	stopFollow()

	// `talosctl reset --graceful=false` (a single control plane cannot leave its own cluster): back in maintenance
	if err = c.Reset(callCtx(t), false, true); err != nil {
		t.Fatalf("Reset: %v", err)
	}

	deadline := time.Now().Add(configuredTimeout)
	for {
		insecure := insecureClient(t, a.IP)
		_, err = insecure.Version(callCtx(t))
		insecure.Close() //nolint:errcheck

		if err == nil {
			break
		}

		if time.Now().After(deadline) {
			t.Fatalf("not back in maintenance after Reset: %v", err)
		}

		time.Sleep(250 * time.Millisecond)
	}
}

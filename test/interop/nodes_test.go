package interop

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/resource"
	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/hashicorp/go-multierror"
	"github.com/siderolabs/talos/pkg/machinery/api/common"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	clientconfig "github.com/siderolabs/talos/pkg/machinery/client/config"
	machinetype "github.com/siderolabs/talos/pkg/machinery/config/machine"
	"github.com/siderolabs/talos/pkg/machinery/constants"
	clusterres "github.com/siderolabs/talos/pkg/machinery/resources/cluster"
	configres "github.com/siderolabs/talos/pkg/machinery/resources/config"
	"github.com/siderolabs/talos/pkg/machinery/role"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"
)

// TestNodeTargeting: what talosctl sends with --nodes/-n on a single node. A call aimed at this
// node is served locally and each one-to-many answer names the node; a call aimed at a node that
// does not answer comes back as that node's error entry (client.NodeError), as on Talos.
func TestNodeTargeting(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipNodes, t.TempDir())
	g := genConfig(t, "interop", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	resp, err := c.Version(client.WithNodes(callCtx(t), a.IP))
	if err != nil {
		t.Fatalf("Version with nodes=%s: %v", a.IP, err)
	}
	if len(resp.Messages) != 1 || resp.Messages[0].GetMetadata().GetHostname() != a.IP {
		t.Fatalf("Version with nodes=%s: want one message with metadata hostname %s, got %v", a.IP, a.IP, resp.Messages)
	}
	if resp.Messages[0].GetVersion().GetTag() == "" {
		t.Fatalf("Version with nodes: the answer lost its version: %v", resp.Messages[0])
	}

	md := resource.NewMetadata("runtime", "Versions.runtime.talos.dev", "version", resource.VersionUndefined)
	if _, err := c.COSI.Get(client.WithNode(callCtx(t), a.IP), md); err != nil {
		t.Fatalf("COSI Get with node=%s: %v", a.IP, err)
	}

	resp, err = c.Version(client.WithNodes(callCtx(t), "127.0.0.250"))
	if resp != nil {
		t.Fatalf("Version aimed at a node that does not answer: want no answer, got %v", resp.Messages)
	}
	requireNodeErrors(t, err, map[string]codes.Code{"127.0.0.250": codes.Unavailable}, "Version aimed at 127.0.0.250")
}

// requireNodeErrors asserts that err is what client.FilterMessages builds from error entries: one
// *client.NodeError per node, with the gRPC code of that node's status.
func requireNodeErrors(t *testing.T, err error, want map[string]codes.Code, what string) {
	t.Helper()

	var merr *multierror.Error
	if !errors.As(err, &merr) {
		t.Fatalf("%s: want per-node errors (a multierror of client.NodeError), got %T: %v", what, err, err)
	}

	got := map[string]codes.Code{}

	for _, e := range merr.Errors {
		var nodeErr *client.NodeError
		if !errors.As(e, &nodeErr) {
			t.Fatalf("%s: want client.NodeError entries, got %T: %v", what, e, e)
		}

		got[nodeErr.Node] = client.StatusCode(nodeErr.Err)
	}

	if len(got) != len(want) {
		t.Fatalf("%s: want errors for %v, got %v (%v)", what, want, got, err)
	}

	for node, code := range want {
		if got[node] != code {
			t.Fatalf("%s: node %s: want %s, got %s (%v)", what, node, code, got[node], err)
		}
	}
}

// TestGateway: a control plane and two workers. Through the control plane, calls reach every node
// (answers tagged with the node), per-node errors are what the client library's helpers expect, a
// dead worker is one error among answers, a worker as the endpoint refuses to forward and names the
// control plane, a reader is refused admin methods wherever they go, and GenerateClientConfiguration
// hands out a working talosconfig with the roles asked for.
func TestGateway(t *testing.T) {
	t.Parallel()

	cp := StartAgent(t, ipGatewayCP, t.TempDir())
	w1 := StartAgent(t, ipGatewayW1, t.TempDir())
	w2 := StartAgent(t, ipGatewayW2, t.TempDir())
	all := []string{cp.IP, w1.IP, w2.IP}

	g := genConfig(t, "gateway", cp.IP)
	applyInsecure(t, cp.IP, g.ControlPlane)
	c := waitConfigured(t, cp, g.Talosconfig, configuredTimeout)

	for _, w := range []*Agent{w1, w2} {
		applyInsecure(t, w.IP, g.Worker)
		waitConfigured(t, w, g.Talosconfig, configuredTimeout)
	}

	t.Run("Version and ServiceList from every node", func(t *testing.T) {
		ctx := client.WithNodes(callCtx(t), all...)

		v, err := c.Version(ctx)
		if err != nil {
			t.Fatalf("Version with nodes=%v: %v", all, err)
		}

		if got := hostnames(v.Messages); strings.Join(got, ",") != strings.Join(all, ",") {
			t.Fatalf("Version: want answers from %v, got %v", all, got)
		}

		s, err := c.ServiceList(ctx)
		if err != nil {
			t.Fatalf("ServiceList with nodes=%v: %v", all, err)
		}

		for _, m := range s.Messages {
			hasTrustd := false

			for _, svc := range m.Services {
				hasTrustd = hasTrustd || svc.Id == "trustd"
			}

			if want := m.GetMetadata().GetHostname() == cp.IP; hasTrustd != want {
				t.Fatalf("ServiceList of %s: trustd listed = %v, want %v", m.GetMetadata().GetHostname(), hasTrustd, want)
			}
		}
	})

	t.Run("Logs from every node", func(t *testing.T) {
		seen := readLogs(t, c, all)
		for _, ip := range all {
			if seen[ip] == 0 {
				t.Fatalf("Logs with nodes=%v: nothing from %s (%v)", all, ip, seen)
			}
		}
	})

	t.Run("COSI through the control plane", func(t *testing.T) {
		for ip, want := range map[string]machinetype.Type{cp.IP: machinetype.TypeControlPlane, w1.IP: machinetype.TypeWorker} {
			mt, err := safe.StateGetByID[*configres.MachineType](client.WithNode(callCtx(t), ip), c.COSI, configres.MachineTypeID)
			if err != nil {
				t.Fatalf("MachineType of %s: %v", ip, err)
			}

			if mt.MachineType() != want {
				t.Fatalf("MachineType of %s: want %s, got %s", ip, want, mt.MachineType())
			}

			members, err := safe.StateListAll[*clusterres.Member](client.WithNode(callCtx(t), ip), c.COSI)
			if err != nil {
				t.Fatalf("Members of %s: %v", ip, err)
			}

			found := false

			for m := range members.All() {
				for _, addr := range m.TypedSpec().Addresses {
					found = found || (addr.String() == ip && m.TypedSpec().MachineType == want)
				}
			}

			if !found {
				t.Fatalf("Members of %s: the node itself is missing", ip)
			}
		}
	})

	t.Run("per-node errors", func(t *testing.T) {
		// container mode refuses shutdowns: every node answers with its own error entry
		// (Reboot is carried out there: TestLifecycleWait)
		err := c.Shutdown(client.WithNodes(callCtx(t), cp.IP, w1.IP))
		requireNodeErrors(t, err, map[string]codes.Code{cp.IP: codes.FailedPrecondition, w1.IP: codes.FailedPrecondition}, "Shutdown")

		want := "2 errors occurred:\n\t* " + cp.IP + ": rpc error: code = FailedPrecondition desc = method is not supported in container mode\n\t* " +
			w1.IP + ": rpc error: code = FailedPrecondition desc = method is not supported in container mode\n\n"
		if err.Error() != want {
			t.Fatalf("Shutdown: talosctl would print\n%q\nwant\n%q", err.Error(), want)
		}
	})

	t.Run("a worker as endpoint refuses to forward", func(t *testing.T) {
		wc := configClient(t, g.Talosconfig, w1.IP)

		_, err := wc.Version(client.WithNodes(callCtx(t), w1.IP, w2.IP))
		requireCode(t, err, codes.PermissionDenied, "Version through a worker")

		if !strings.Contains(err.Error(), cp.IP) {
			t.Fatalf("the refusal does not name the control plane %s: %v", cp.IP, err)
		}

		v, err := wc.Version(client.WithNodes(callCtx(t), w1.IP))
		if err != nil || len(v.Messages) != 1 {
			t.Fatalf("Version of the worker itself: %v %v", v, err)
		}
	})

	t.Run("a reader is refused an admin method, also when proxied", func(t *testing.T) {
		pair := issueClientCert(t, osCA(t, g.ControlPlaneConf), role.Reader)
		rc := configClient(t, talosconfigFor(t, "reader", cp.IP, talosconfigCA(t, g.Talosconfig), pair), cp.IP)

		requireCode(t, rc.Reboot(client.WithNode(callCtx(t), w1.IP)), codes.PermissionDenied, "reader Reboot via node")
		requireCode(t, rc.Reboot(client.WithNodes(callCtx(t), cp.IP, w1.IP)), codes.PermissionDenied, "reader Reboot via nodes")

		if _, err := rc.Version(client.WithNodes(callCtx(t), all...)); err != nil {
			t.Fatalf("reader Version with nodes=%v: %v", all, err)
		}
	})

	t.Run("GenerateClientConfiguration", func(t *testing.T) {
		resp, err := c.GenerateClientConfiguration(client.WithNodes(callCtx(t), cp.IP), &machine.GenerateClientConfigurationRequest{
			Roles:  []string{string(role.Reader)},
			CrtTtl: durationpb.New(time.Hour),
		})
		if err != nil {
			t.Fatalf("GenerateClientConfiguration: %v", err)
		}

		cfg, err := clientconfig.FromBytes(resp.Messages[0].Talosconfig)
		if err != nil {
			t.Fatalf("the talosconfig does not load: %v", err)
		}

		if cfg.Context != "reader@gateway" {
			t.Fatalf("context: want reader@gateway, got %q", cfg.Context)
		}

		rc := configClient(t, cfg, cp.IP)
		if _, err := rc.Version(client.WithNodes(callCtx(t), cp.IP, w1.IP)); err != nil {
			t.Fatalf("the generated reader talosconfig: Version: %v", err)
		}

		requireCode(t, rc.Reboot(client.WithNodes(callCtx(t), cp.IP)), codes.PermissionDenied, "the generated reader talosconfig: Reboot")
	})

	t.Run("a dead worker is one error among answers", func(t *testing.T) {
		w2.Stop()

		ctx := client.WithNodes(callCtx(t), all...)
		start := time.Now()

		v, err := c.Version(ctx)
		if time.Since(start) > callTimeout {
			t.Fatalf("Version took %s with a dead node", time.Since(start))
		}

		requireNodeErrors(t, err, map[string]codes.Code{w2.IP: codes.Unavailable}, "Version with a dead worker")

		if got := hostnames(v.Messages); strings.Join(got, ",") != cp.IP+","+w1.IP {
			t.Fatalf("Version with a dead worker: want answers from %s and %s, got %v", cp.IP, w1.IP, got)
		}

		seen := readLogs(t, c, []string{w1.IP, w2.IP})
		if seen[w1.IP] == 0 || seen["error:"+w2.IP] != 1 {
			t.Fatalf("Logs with a dead worker: want lines from %s and one error entry for %s, got %v", w1.IP, w2.IP, seen)
		}
	})
}

func hostnames[T interface{ GetMetadata() *common.Metadata }](msgs []T) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.GetMetadata().GetHostname())
	}

	return out
}

// readLogs reads machined's last lines from nodes; counts messages per node, and error entries as
// "error:<node>".
func readLogs(t *testing.T, c *client.Client, nodes []string) map[string]int {
	t.Helper()

	stream, err := c.Logs(client.WithNodes(callCtx(t), nodes...), constants.SystemContainerdNamespace, common.ContainerDriver_CONTAINERD, "machined", false, 3)
	if err != nil {
		t.Fatalf("Logs: %v", err)
	}

	seen := map[string]int{}

	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return seen
		}

		if err != nil {
			t.Fatalf("Logs: %v", err)
		}

		md := msg.GetMetadata()
		if md.GetError() != "" {
			seen["error:"+md.GetHostname()]++

			continue
		}

		seen[md.GetHostname()]++
	}
}

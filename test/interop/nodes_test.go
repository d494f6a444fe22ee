package interop

import (
	"testing"

	"github.com/cosi-project/runtime/pkg/resource"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"google.golang.org/grpc/codes"
)

// TestNodeTargeting: what talosctl sends with --nodes/-n. A call aimed at this node is served
// locally and, for one-to-many calls (`nodes`), each answer names the node; a call aimed at
// another node is refused until forwarding exists.
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

	_, err = c.Version(client.WithNodes(callCtx(t), "127.0.0.250"))
	requireCode(t, err, codes.Unavailable, "Version aimed at another node")
}

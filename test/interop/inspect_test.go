package interop

import (
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/siderolabs/talos/pkg/machinery/api/inspect"
	"github.com/siderolabs/talos/pkg/machinery/resources/config"
)

// TestControllers: what `talosctl inspect dependencies` and `talosctl get machinetype` read once a
// config is applied: the controller graph, and a resource a controller made from the config.
func TestControllers(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipInspect, t.TempDir())
	g := genConfig(t, "interop", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	resp, err := c.Inspect.ControllerRuntimeDependencies(callCtx(t))
	if err != nil {
		t.Fatalf("ControllerRuntimeDependencies: %v", err)
	}
	found := false
	for _, m := range resp.GetMessages() {
		for _, e := range m.GetEdges() {
			if e.GetControllerName() == "config.MachineTypeController" &&
				e.GetEdgeType() == inspect.DependencyEdgeType_OUTPUT_EXCLUSIVE &&
				e.GetResourceType() == config.MachineTypeType {
				found = true
			}
		}
	}
	if !found {
		t.Fatalf("no exclusive output edge config.MachineTypeController → %s in %v", config.MachineTypeType, resp)
	}

	mt, err := safe.StateGetByID[*config.MachineType](callCtx(t), c.COSI, config.MachineTypeID)
	if err != nil {
		t.Fatalf("get MachineType: %v", err)
	}
	if mt.MachineType().String() != "controlplane" {
		t.Fatalf("MachineType: want controlplane, got %s", mt.MachineType())
	}

	// what `talosctl kubeconfig` fetches: a tar.gz with the admin kubeconfig, made by the controllers
	var kubeconfig []byte
	deadline := time.Now().Add(configuredTimeout)
	for {
		kubeconfig, err = c.Kubeconfig(callCtx(t))
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("Kubeconfig: %v", err)
	}
	if !strings.Contains(string(kubeconfig), "admin@interop") || !strings.Contains(string(kubeconfig), "https://"+a.IP+":6443") {
		t.Fatalf("Kubeconfig: unexpected content:\n%s", kubeconfig)
	}
}

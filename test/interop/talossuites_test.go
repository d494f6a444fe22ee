package interop

// What Talos's own API integration suites check that no other test here names (SBOM items, platform
// metadata, TCP probes, a big machine config), read through the official library's typed resources:
// their protobuf encoding is judged by the library's own decoder.

import (
	"bytes"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/cosi-project/runtime/pkg/state"
	"github.com/siderolabs/talos/pkg/machinery/api/common"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"github.com/siderolabs/talos/pkg/machinery/constants"
	"github.com/siderolabs/talos/pkg/machinery/resources/config"
	"github.com/siderolabs/talos/pkg/machinery/resources/network"
	"github.com/siderolabs/talos/pkg/machinery/resources/runtime"
)

func TestTalosAPISuiteItems(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipTalosSuites, t.TempDir())
	g := genConfig(t, "interop", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	t.Run("SBOM items", func(t *testing.T) {
		items := waitFor(t, "SBOM items", func() (map[string]*runtime.SBOMItem, bool) {
			list, err := safe.StateListAll[*runtime.SBOMItem](callCtx(t), c.COSI)
			if err != nil {
				t.Fatalf("list SBOMItems: %v", err)
			}

			byID := map[string]*runtime.SBOMItem{}
			for item := range list.All() {
				byID[item.Metadata().ID()] = item
			}

			return byID, byID["talos"] != nil
		})

		if v := items["talos"].TypedSpec().Version; v != checkVersion(t, c, true) {
			t.Fatalf("SBOM item talos: version %q, the node reports %q", v, checkVersion(t, c, true))
		}

		grpc := items["@grpc/grpc-js"]
		if grpc == nil || grpc.TypedSpec().Version == "" || grpc.TypedSpec().License != "Apache-2.0" || len(grpc.TypedSpec().PURLs) != 1 {
			t.Fatalf("SBOM item @grpc/grpc-js (a package of the bundle) missing or incomplete: %+v", grpc)
		}

		if items["nodejs"] == nil || items["nodejs"].TypedSpec().Version == "" {
			t.Fatalf("SBOM item nodejs missing")
		}
	})

	t.Run("platform metadata", func(t *testing.T) {
		md := waitFor(t, "PlatformMetadata", func() (*runtime.PlatformMetadata, bool) {
			r, err := safe.StateGetByID[*runtime.PlatformMetadata](callCtx(t), c.COSI, runtime.PlatformMetadataID)

			return r, err == nil
		})
		if md.TypedSpec().Platform != "container" || md.TypedSpec().Hostname == "" {
			t.Fatalf("PlatformMetadata: %+v", md.TypedSpec())
		}
	})

	t.Run("TCP probes", func(t *testing.T) {
		l, err := net.Listen("tcp", net.JoinHostPort(a.IP, "0"))
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close() //nolint:errcheck

		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				conn.Close() //nolint:errcheck
			}
		}()

		endpoint := l.Addr().String()
		doc := fmt.Sprintf("---\napiVersion: v1alpha1\nkind: TCPProbeConfig\nname: check\ninterval: 2s\nfailureThreshold: 3\nendpoint: %s\ntimeout: 5s\n", endpoint)
		apply(t, c, append(bytes.Clone(g.ControlPlane), doc...), machine.ApplyConfigurationRequest_NO_REBOOT, false, 0)

		spec := waitFor(t, "ProbeSpec", func() (*network.ProbeSpec, bool) {
			r, err := safe.StateGetByID[*network.ProbeSpec](callCtx(t), c.COSI, "tcp:"+endpoint)

			return r, err == nil
		})
		s := spec.TypedSpec()
		if s.Interval != 2*time.Second || s.FailureThreshold != 3 || s.TCP.Endpoint != endpoint || s.TCP.Timeout != 5*time.Second ||
			s.ConfigLayer != network.ConfigMachineConfiguration {
			t.Fatalf("ProbeSpec: %+v", s)
		}

		waitFor(t, "ProbeStatus success", func() (bool, bool) {
			r, err := safe.StateGetByID[*network.ProbeStatus](callCtx(t), c.COSI, "tcp:"+endpoint)

			return true, err == nil && r.TypedSpec().Success
		})

		apply(t, c, g.ControlPlane, machine.ApplyConfigurationRequest_NO_REBOOT, false, 0)
		waitFor(t, "ProbeSpec removed", func() (bool, bool) {
			_, err := safe.StateGetByID[*network.ProbeSpec](callCtx(t), c.COSI, "tcp:"+endpoint)

			return true, state.IsNotFoundError(err)
		})
	})

	t.Run("logs: unknown id, and a line per API call", func(t *testing.T) {
		ctx := client.WithNodes(callCtx(t), a.IP) // as Talos's suites call it

		stream, err := c.Logs(ctx, constants.SystemContainerdNamespace, common.ContainerDriver_CONTAINERD, "nosuchservice", false, -1)
		if err != nil {
			t.Fatal(err)
		}

		msg, err := stream.Recv()
		if err != nil {
			t.Fatalf("Logs of an unknown id: expected an answer carrying the error, got %v", err)
		}

		if !regexp.MustCompile(`.+log "nosuchservice" was not registered$`).MatchString(msg.GetMetadata().GetError()) {
			t.Fatalf("Logs of an unknown id: metadata error %q", msg.GetMetadata().GetError())
		}

		follow, err := c.Logs(ctx, constants.SystemContainerdNamespace, common.ContainerDriver_CONTAINERD, "machined", true, 0)
		if err != nil {
			t.Fatal(err)
		}

		lines := make(chan string, 16)

		go func() {
			for {
				m, err := follow.Recv()
				if err != nil {
					close(lines)

					return
				}
				lines <- string(m.GetBytes())
			}
		}()

		time.Sleep(500 * time.Millisecond) // the stream is open before the call

		if _, err := c.Version(ctx); err != nil {
			t.Fatal(err)
		}

		deadline := time.After(10 * time.Second)

		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatal("machined log stream ended")
				}

				if strings.Contains(l, "[/machine.MachineService/Version]") {
					return
				}
			case <-deadline:
				t.Fatal("no machined log line for the Version call")
			}
		}
	})

	t.Run("big machine config", func(t *testing.T) {
		// as Talos's big payload test: a third of the API's message limit (the config is in the answer twice)
		const line = "# a comment line that makes the machine config bigger and bigger, all the way to the target size\n"

		target := constants.GRPCMaxMessageSize / 3
		big := append(bytes.Clone(g.ControlPlane), bytes.Repeat([]byte(line), (target-len(g.ControlPlane))/len(line)+1)...)

		apply(t, c, big, machine.ApplyConfigurationRequest_NO_REBOOT, false, 0)

		for range 3 {
			cfg, err := safe.StateGetByID[*config.MachineConfig](client.WithNode(callCtx(t), a.IP), c.COSI, config.ActiveID)
			if err != nil {
				t.Fatalf("get the big active MachineConfig: %v", err)
			}

			got, err := cfg.Container().Bytes()
			if err != nil {
				t.Fatal(err)
			}

			if !bytes.Equal(got, big) {
				t.Fatalf("the active MachineConfig (%d bytes) is not the applied one (%d bytes)", len(got), len(big))
			}
		}

		apply(t, c, g.ControlPlane, machine.ApplyConfigurationRequest_NO_REBOOT, false, 0)
	})
}

// waitFor polls get (every 250 ms, up to 30 s) until it says done, and returns its last value.
func waitFor[T any](t *testing.T, what string, get func() (T, bool)) T {
	t.Helper()

	deadline := time.Now().Add(30 * time.Second)

	for {
		v, done := get()
		if done {
			return v
		}

		if time.Now().After(deadline) {
			t.Fatalf("%s: not there within 30 s", what)
		}

		time.Sleep(250 * time.Millisecond)
	}
}

package interop

// The desired state a control-plane config turns into, read through the COSI API as `talosctl get`
// reads it (typed protobuf specs and the YAML specs), and watched as `talosctl get -w` watches it.

import (
	"context"
	stdx509 "crypto/x509"
	"encoding/pem"
	"slices"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/resource"
	"github.com/cosi-project/runtime/pkg/resource/meta"
	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/cosi-project/runtime/pkg/state"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"github.com/siderolabs/talos/pkg/machinery/resources/etcd"
	"github.com/siderolabs/talos/pkg/machinery/resources/k8s"
	"github.com/siderolabs/talos/pkg/machinery/resources/network"
	runtimeres "github.com/siderolabs/talos/pkg/machinery/resources/runtime"
	"github.com/siderolabs/talos/pkg/machinery/resources/secrets"
	"go.yaml.in/yaml/v4"
)

var controlPlanePods = []string{k8s.APIServerID, k8s.ControllerManagerID, k8s.SchedulerID}

// eventuallyGet retries a typed Get until the resource exists (controllers need a moment).
func eventuallyGet[T meta.ResourceWithRD](t *testing.T, c *client.Client, ns resource.Namespace, id resource.ID) T {
	t.Helper()

	var zero T

	deadline := time.Now().Add(configuredTimeout)
	for {
		r, err := safe.StateGetByID[T](callCtx(t), c.COSI, id)
		if err == nil {
			return r
		}

		if time.Now().After(deadline) {
			t.Fatalf("get %T %s/%s: %v", zero, ns, id, err)
		}

		time.Sleep(100 * time.Millisecond)
	}
}

func TestControlPlaneResources(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipControlPlane, t.TempDir())
	g := genConfig(t, "cp", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	// StaticPods: typed pod maps, and the YAML spec is the pod itself
	for _, id := range controlPlanePods {
		pod := eventuallyGet[*k8s.StaticPod](t, c, k8s.NamespaceName, id)
		md, _ := pod.TypedSpec().Pod["metadata"].(map[string]any)
		if md["name"] != id || md["namespace"] != "kube-system" {
			t.Fatalf("static pod %s: metadata %v", id, md)
		}
	}

	raw, err := c.COSI.Get(callCtx(t), resource.NewMetadata(k8s.NamespaceName, k8s.StaticPodType, k8s.APIServerID, resource.VersionUndefined),
		state.WithGetUnmarshalOptions(state.WithSkipProtobufUnmarshal()))
	if err != nil {
		t.Fatalf("raw get of the kube-apiserver static pod: %v", err)
	}

	var podYAML struct {
		Kind string `yaml:"kind"`
		Spec struct {
			Containers []struct {
				Image   string   `yaml:"image"`
				Command []string `yaml:"command"`
			} `yaml:"containers"`
		} `yaml:"spec"`
	}
	if err = yaml.Unmarshal([]byte(yamlSpec(t, raw)), &podYAML); err != nil || podYAML.Kind != "Pod" || len(podYAML.Spec.Containers) == 0 {
		t.Fatalf("kube-apiserver YAML spec: kind %q, %d containers (err %v)", podYAML.Kind, len(podYAML.Spec.Containers), err)
	}

	// the control-plane config resources behind them
	apiCfg := eventuallyGet[*k8s.APIServerConfig](t, c, k8s.ControlPlaneNamespaceName, k8s.APIServerConfigID)
	if apiCfg.TypedSpec().Image == "" || len(apiCfg.TypedSpec().ServiceCIDRs) == 0 {
		t.Fatalf("APIServerConfig: %+v", apiCfg.TypedSpec())
	}

	// bootstrap manifests
	manifests, err := safe.StateListAll[*k8s.Manifest](callCtx(t), c.COSI)
	if err != nil {
		t.Fatalf("list manifests: %v", err)
	}

	var ids []string
	for m := range manifests.All() {
		ids = append(ids, m.Metadata().ID())

		if len(m.TypedSpec().Items) == 0 {
			t.Fatalf("manifest %s has no objects", m.Metadata().ID())
		}
	}

	for _, want := range []string{"00-kubelet-bootstrapping-token", "10-kube-proxy", "11-core-dns"} {
		if !slices.Contains(ids, want) {
			t.Fatalf("manifest %s missing from %v", want, ids)
		}
	}

	// etcd, kubelet, hostname, status
	etcdSpec := eventuallyGet[*etcd.Spec](t, c, etcd.NamespaceName, etcd.SpecID)
	hostname := eventuallyGet[*network.HostnameStatus](t, c, network.NamespaceName, network.HostnameID)
	if etcdSpec.TypedSpec().Name != hostname.TypedSpec().Hostname {
		t.Fatalf("etcd member name %q, hostname %q", etcdSpec.TypedSpec().Name, hostname.TypedSpec().Hostname)
	}

	timeServers := eventuallyGet[*network.TimeServerStatus](t, c, network.NamespaceName, network.TimeServerID)
	if !slices.Equal(timeServers.TypedSpec().NTPServers, []string{"time.cloudflare.com"}) {
		t.Fatalf("TimeServerStatus: %v", timeServers.TypedSpec().NTPServers)
	}

	kubelet := eventuallyGet[*k8s.KubeletSpec](t, c, k8s.NamespaceName, k8s.KubeletID)
	if kubelet.TypedSpec().Image == "" || kubelet.TypedSpec().Config["kind"] != "KubeletConfiguration" {
		t.Fatalf("KubeletSpec: image %q, config kind %v", kubelet.TypedSpec().Image, kubelet.TypedSpec().Config["kind"])
	}

	status := eventuallyGet[*runtimeres.MachineStatus](t, c, runtimeres.NamespaceName, runtimeres.MachineStatusID)
	if status.TypedSpec().Stage != runtimeres.MachineStageRunning {
		t.Fatalf("MachineStatus stage %s, want running", status.TypedSpec().Stage)
	}

	// certificates: apid's chains to the OS CA; kube-apiserver's to the Kubernetes CA
	ca := osCA(t, g.ControlPlaneConf)
	api := eventuallyGet[*secrets.API](t, c, secrets.NamespaceName, secrets.APIID)
	requireChains(t, "apid server", api.TypedSpec().Server.Crt, ca.Crt)

	dyn := eventuallyGet[*secrets.KubernetesDynamicCerts](t, c, secrets.NamespaceName, secrets.KubernetesDynamicCertsID)
	requireChains(t, "kube-apiserver", dyn.TypedSpec().APIServer.Crt, g.ControlPlaneConf.Cluster().IssuingCA().Crt)

	// statuses of the rendered pods (written once the pods are on disk and the node name is known)
	deadline := time.Now().Add(configuredTimeout)
	for {
		statuses, err := safe.StateListAll[*k8s.StaticPodStatus](callCtx(t), c.COSI)
		if err == nil && statuses.Len() >= len(controlPlanePods) {
			break
		}

		if time.Now().After(deadline) {
			t.Fatalf("static pod statuses: %d (err %v)", statuses.Len(), err)
		}

		time.Sleep(100 * time.Millisecond)
	}
}

// requireChains asserts that the PEM certificate crt verifies against the PEM CA certificate.
func requireChains(t *testing.T, what string, crt, caCrt []byte) {
	t.Helper()

	block, _ := pem.Decode(crt)
	if block == nil {
		t.Fatalf("%s certificate: no PEM block", what)
	}

	cert, err := stdx509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s certificate: %v", what, err)
	}

	pool := stdx509.NewCertPool()
	if !pool.AppendCertsFromPEM(caCrt) {
		t.Fatalf("%s: CA certificate does not parse", what)
	}

	if _, err = cert.Verify(stdx509.VerifyOptions{Roots: pool, KeyUsages: []stdx509.ExtKeyUsage{stdx509.ExtKeyUsageAny}}); err != nil {
		t.Fatalf("%s certificate does not chain to its CA: %v", what, err)
	}
}

// watchStaticPods starts a kind watch of StaticPods with bootstrap contents, as `talosctl get staticpods -w`.
func watchStaticPods(t *testing.T, c *client.Client) <-chan state.Event {
	t.Helper()

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	ch := make(chan state.Event, 64)
	md := resource.NewMetadata(k8s.NamespaceName, k8s.StaticPodType, "", resource.VersionUndefined)

	if err := c.COSI.WatchKind(ctx, md, ch, state.WithBootstrapContents(true)); err != nil {
		t.Fatalf("WatchKind StaticPods: %v", err)
	}

	return ch
}

// nextEvent waits (bounded) for the next watch event.
func nextEvent(t *testing.T, ch <-chan state.Event) state.Event {
	t.Helper()

	select {
	case ev := <-ch:
		if ev.Type == state.Errored {
			t.Fatalf("watch error: %v", ev.Error)
		}

		return ev
	case <-time.After(configuredTimeout):
		t.Fatalf("no watch event within %s", configuredTimeout)
	}

	return state.Event{}
}

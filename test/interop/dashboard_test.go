package interop

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/resource"
	"github.com/cosi-project/runtime/pkg/resource/meta"
	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/cosi-project/runtime/pkg/state"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"github.com/siderolabs/talos/pkg/machinery/resources/cluster"
	"github.com/siderolabs/talos/pkg/machinery/resources/config"
	"github.com/siderolabs/talos/pkg/machinery/resources/hardware"
	"github.com/siderolabs/talos/pkg/machinery/resources/k8s"
	"github.com/siderolabs/talos/pkg/machinery/resources/network"
	"github.com/siderolabs/talos/pkg/machinery/resources/runtime"
	"github.com/siderolabs/talos/pkg/machinery/resources/siderolink"
	"github.com/siderolabs/talos/pkg/machinery/resources/v1alpha1"
	"google.golang.org/protobuf/types/known/emptypb"
)

// ipDashboard is TestDashboard's agent.
const ipDashboard = "127.0.0.186"

// firstEvent waits for the first event of a watch (bounded by callTimeout).
func firstEvent(t *testing.T, ch <-chan state.Event, what string) state.Event {
	t.Helper()

	select {
	case ev := <-ch:
		if ev.Type == state.Errored {
			t.Fatalf("%s: watch failed: %v", what, ev.Error)
		}

		return ev
	case <-time.After(callTimeout):
		t.Fatalf("%s: no event within %s", what, callTimeout)
	}

	return state.Event{}
}

// watchOne is the dashboard's COSI Watch of one resource: the first event is its current state.
func watchOne(ctx context.Context, t *testing.T, c *client.Client, ptr resource.Pointer) resource.Resource {
	t.Helper()

	ch := make(chan state.Event)
	if err := c.COSI.Watch(ctx, ptr, ch); err != nil {
		t.Fatalf("Watch %s: %v", ptr, err)
	}

	ev := firstEvent(t, ch, fmt.Sprintf("%s/%s", ptr.Type(), ptr.ID()))
	if ev.Type != state.Created {
		t.Errorf("Watch %s: first event %s, want created (the resource exists)", ptr, ev.Type)

		return nil
	}

	return ev.Resource
}

// watchKind is the dashboard's COSI WatchKind with bootstrap contents: the resources up to the
// bootstrapped event.
func watchKind(ctx context.Context, t *testing.T, c *client.Client, kind resource.Kind) []resource.Resource {
	t.Helper()

	ch := make(chan state.Event)
	if err := c.COSI.WatchKind(ctx, kind, ch, state.WithBootstrapContents(true)); err != nil {
		t.Fatalf("WatchKind %s: %v", kind.Type(), err)
	}

	var out []resource.Resource

	for {
		ev := firstEvent(t, ch, string(kind.Type()))
		if ev.Type == state.Bootstrapped {
			return out
		}

		out = append(out, ev.Resource)
	}
}

// TestDashboard: every read `talosctl dashboard` (v1.13.9, internal/pkg/dashboard) makes against a
// node, for each pane of its three screens, through the official client against a configured control
// plane, each answered with the fields the pane shows (the list is in docs/dashboard.md):
//   - node aliases: Version with `nodes`, whose metadata hostname names the node in every later answer;
//   - header and Monitor (apidata, polled): LoadAvg, Memory, SystemStat, CPUFreqStats, CPUInfo,
//     NetworkDeviceStats, DiskStats, Processes, ServiceList;
//   - header, Summary's Talos, Kubernetes and network panes (resourcedata): Watch of 11 resources and
//     WatchKind (bootstrap contents) of 8 kinds;
//   - Summary's log pane (logdata): Dmesg follow without tail;
//   - Resources: List of ResourceDefinitions, WatchKind of the chosen type.
//
// Empty here as on Talos in a container: SystemInformation (no SMBIOS, UUID n/a), the siderolink
// status (none configured), static pod statuses (no kubelet runs without Kubernetes).
//
//nolint:gocyclo,cyclop,maintidx
func TestDashboard(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipDashboard, t.TempDir())
	g := genConfig(t, "dashboard", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// collectNodeIPsToNodeAliases: Version with `nodes`, the answer's hostname is the node's key.
	ver, err := c.Version(client.WithNodes(ctx, a.IP))
	if err != nil {
		t.Fatalf("Version: %v", err)
	}

	if h := ver.GetMessages()[0].GetMetadata().GetHostname(); h != a.IP {
		t.Fatalf("Version with nodes: metadata hostname %q, want %q", h, a.IP)
	}

	nodeCtx := client.WithNodes(ctx, a.IP)
	empty := &emptypb.Empty{}

	// apidata.Source.gather: each answer must carry the node's hostname (unpack keys the data by it).
	hostnameOf := func(what string, h string) {
		if h != a.IP {
			t.Errorf("%s: metadata hostname %q, want %q (the dashboard files the data under it)", what, h, a.IP)
		}
	}

	load, err := c.MachineClient.LoadAvg(nodeCtx, empty)
	if err != nil {
		t.Fatalf("LoadAvg: %v", err)
	}

	l := load.GetMessages()[0]
	hostnameOf("LoadAvg", l.GetMetadata().GetHostname())

	if l.GetLoad1() <= 0 && l.GetLoad5() <= 0 && l.GetLoad15() <= 0 {
		t.Errorf("LoadAvg: all zero: %v", l)
	}

	mem, err := c.MachineClient.Memory(nodeCtx, empty)
	if err != nil {
		t.Fatalf("Memory: %v", err)
	}

	mi := mem.GetMessages()[0].GetMeminfo()
	hostnameOf("Memory", mem.GetMessages()[0].GetMetadata().GetHostname())

	if mi.GetMemtotal() == 0 || mi.GetMemfree() == 0 || mi.GetMemavailable() == 0 || mi.GetCached() == 0 {
		t.Errorf("Memory: total, free, available and cached must be set (header RAM, Monitor MEMORY): %v", mi)
	}

	stat, err := c.MachineClient.SystemStat(nodeCtx, empty)
	if err != nil {
		t.Fatalf("SystemStat: %v", err)
	}

	st := stat.GetMessages()[0]
	hostnameOf("SystemStat", st.GetMetadata().GetHostname())

	if st.GetBootTime() == 0 || st.GetCpuTotal().GetUser() == 0 || st.GetCpuTotal().GetIdle() == 0 ||
		len(st.GetCpu()) == 0 || st.GetContextSwitches() == 0 || st.GetProcessCreated() == 0 {
		t.Errorf("SystemStat: boot time (uptime), CPU totals, per-CPU, context switches, processes created must be set: %v", st)
	}

	freq, err := c.MachineClient.CPUFreqStats(nodeCtx, empty)
	if err != nil {
		t.Fatalf("CPUFreqStats: %v", err)
	}

	hostnameOf("CPUFreqStats", freq.GetMessages()[0].GetMetadata().GetHostname())

	info, err := c.MachineClient.CPUInfo(nodeCtx, empty)
	if err != nil {
		t.Fatalf("CPUInfo: %v", err)
	}

	ci := info.GetMessages()[0]
	hostnameOf("CPUInfo", ci.GetMetadata().GetHostname())

	// the header's "<n>x<GHz>": from CPUFreqStats where the kernel has cpufreq, else from CPUInfo
	if len(ci.GetCpuInfo()) == 0 || ci.GetCpuInfo()[0].GetCpuMhz() == 0 {
		t.Errorf("CPUInfo: no CPU with its MHz (header): %v", ci)
	}

	netdev, err := c.MachineClient.NetworkDeviceStats(nodeCtx, empty)
	if err != nil {
		t.Fatalf("NetworkDeviceStats: %v", err)
	}

	nd := netdev.GetMessages()[0]
	hostnameOf("NetworkDeviceStats", nd.GetMetadata().GetHostname())

	if len(nd.GetDevices()) == 0 || nd.GetTotal().GetRxBytes() == 0 || nd.GetTotal().GetTxBytes() == 0 {
		t.Errorf("NetworkDeviceStats: devices and RX/TX totals (Monitor NET): %v", nd)
	}

	disk, err := c.MachineClient.DiskStats(nodeCtx, empty)
	if err != nil {
		t.Fatalf("DiskStats: %v", err)
	}

	ds := disk.GetMessages()[0]
	hostnameOf("DiskStats", ds.GetMetadata().GetHostname())

	if len(ds.GetDevices()) == 0 || ds.GetTotal().GetReadSectors() == 0 || ds.GetTotal().GetWriteSectors() == 0 {
		t.Errorf("DiskStats: devices and read/write totals (Monitor DISK): %v", ds)
	}

	procs, err := c.MachineClient.Processes(nodeCtx, empty)
	if err != nil {
		t.Fatalf("Processes: %v", err)
	}

	ps := procs.GetMessages()[0]
	hostnameOf("Processes", ps.GetMetadata().GetHostname())

	ownPid := false

	for _, p := range ps.GetProcesses() {
		if int(p.GetPid()) == a.cmd.Process.Pid {
			ownPid = true

			if p.GetState() == "" || p.GetResidentMemory() == 0 || p.GetVirtualMemory() == 0 || p.GetThreads() == 0 ||
				p.GetCommand() == "" || !strings.Contains(p.GetArgs(), "machined") {
				t.Errorf("Processes: the agent's row lacks a column of the table (state, RES, VIRT, THR, command): %v", p)
			}
		}
	}

	if !ownPid {
		t.Errorf("Processes: the agent (pid %d) is not listed", a.cmd.Process.Pid)
	}

	svcs, err := c.MachineClient.ServiceList(nodeCtx, empty)
	if err != nil {
		t.Fatalf("ServiceList: %v", err)
	}

	sl := svcs.GetMessages()[0]
	hostnameOf("ServiceList", sl.GetMetadata().GetHostname())

	if len(sl.GetServices()) == 0 {
		t.Errorf("ServiceList: no service")
	}

	// resourcedata.Source.runResourceWatch, with WithNode as util.NodeContexts sets it
	resCtx := client.WithNode(ctx, a.IP)

	if r := watchOne(resCtx, t, c, runtime.NewMachineStatus().Metadata()); r != nil {
		if s := r.(*runtime.MachineStatus).TypedSpec(); s.Stage == runtime.MachineStageUnknown {
			t.Errorf("MachineStatus: stage unknown (Summary STAGE)")
		}
	}

	watchOne(resCtx, t, c, runtime.NewSecurityStateSpec(v1alpha1.NamespaceName).Metadata()) // SECUREBOOT

	if r := watchOne(resCtx, t, c, config.NewMachineType().Metadata()); r != nil {
		if got := r.(*config.MachineType).MachineType().String(); got != "controlplane" {
			t.Errorf("MachineType: %q, want controlplane (Summary TYPE)", got)
		}
	}

	if r := watchOne(resCtx, t, c, k8s.NewKubeletSpec(k8s.NamespaceName, k8s.KubeletID).Metadata()); r != nil {
		if img := r.(*k8s.KubeletSpec).TypedSpec().Image; !strings.Contains(img, ":v") {
			t.Errorf("KubeletSpec: image %q has no version tag (Summary KUBERNETES)", img)
		}
	}

	if r := watchOne(resCtx, t, c, network.NewResolverStatus(network.NamespaceName, network.ResolverID).Metadata()); r != nil {
		if len(r.(*network.ResolverStatus).TypedSpec().DNSServers) == 0 {
			t.Errorf("ResolverStatus: no DNS server (Summary DNS)")
		}
	}

	if r := watchOne(resCtx, t, c, network.NewTimeServerStatus(network.NamespaceName, network.TimeServerID).Metadata()); r != nil {
		if len(r.(*network.TimeServerStatus).TypedSpec().NTPServers) == 0 {
			t.Errorf("TimeServerStatus: no NTP server (Summary NTP)")
		}
	}

	// Talos in a container has no SystemInformation (no SMBIOS): the watch's first event is the absence.
	{
		ch := make(chan state.Event)
		ptr := hardware.NewSystemInformation(hardware.SystemInformationID).Metadata()

		if err = c.COSI.Watch(resCtx, ptr, ch); err != nil {
			t.Fatalf("Watch %s: %v", ptr, err)
		}

		if ev := firstEvent(t, ch, fmt.Sprintf("%s/%s", ptr.Type(), ptr.ID())); ev.Type != state.Destroyed {
			t.Errorf("SystemInformation: first event %s, want destroyed (absent in a container, as on Talos)", ev.Type)
		}
	}

	if r := watchOne(resCtx, t, c, cluster.NewInfo().Metadata()); r != nil {
		s := r.(*cluster.Info).TypedSpec()
		if s.ClusterName != "dashboard" || s.ClusterID != g.ControlPlaneConf.Cluster().ID() || s.ClusterID == "" {
			t.Errorf("cluster Info: %+v, want the config's cluster name and id (Summary CLUSTER)", s)
		}
	}

	if r := watchOne(resCtx, t, c, network.NewStatus(network.NamespaceName, network.StatusID).Metadata()); r != nil {
		if !r.(*network.Status).TypedSpec().ConnectivityReady {
			t.Errorf("network Status: connectivity not ready (Summary CONNECTIVITY)")
		}
	}

	if r := watchOne(resCtx, t, c, network.NewHostnameStatus(network.NamespaceName, network.HostnameID).Metadata()); r != nil {
		if r.(*network.HostnameStatus).TypedSpec().Hostname == "" {
			t.Errorf("HostnameStatus: no hostname (header, Summary HOST)")
		}
	}

	if r := watchOne(resCtx, t, c, runtime.NewVersion().Metadata()); r != nil {
		if s := r.(*runtime.Version).TypedSpec(); s.Version == "" {
			t.Errorf("Version resource: no version (header)")
		}
	}

	kinds := map[string][]resource.Resource{}

	for _, kind := range []resource.Kind{
		runtime.NewMetaKey(runtime.NamespaceName, "").Metadata(),
		k8s.NewStaticPodStatus(k8s.NamespaceName, "").Metadata(),
		network.NewRouteStatus(network.NamespaceName, "").Metadata(),
		network.NewLinkStatus(network.NamespaceName, "").Metadata(),
		cluster.NewMember(cluster.NamespaceName, "").Metadata(),
		network.NewNodeAddress(network.NamespaceName, "").Metadata(),
		siderolink.NewStatus().Metadata(),
		runtime.NewDiagnostic(runtime.NamespaceName, "").Metadata(),
	} {
		kinds[string(kind.Type())] = watchKind(resCtx, t, c, kind)
	}

	gateway := false

	for _, r := range kinds[network.RouteStatusType] {
		if r.(*network.RouteStatus).TypedSpec().Gateway.IsValid() {
			gateway = true
		}
	}

	if !gateway {
		t.Errorf("RouteStatus: no route with a gateway (Summary GW)")
	}

	if len(kinds[network.LinkStatusType]) == 0 {
		t.Errorf("LinkStatus: none")
	}

	if len(kinds[cluster.MemberType]) == 0 {
		t.Errorf("Member: none (Summary CLUSTER's machine count)")
	}

	addressed := false

	for _, r := range kinds[network.NodeAddressType] {
		id := r.Metadata().ID()
		if (id == network.NodeAddressRoutedID || id == network.FilteredNodeAddressID(network.NodeAddressRoutedID, k8s.NodeAddressFilterNoK8s)) &&
			len(r.(*network.NodeAddress).TypedSpec().Addresses) > 0 {
			addressed = true
		}
	}

	if !addressed {
		t.Errorf("NodeAddress: no routed address (Summary IP)")
	}

	// logdata: Dmesg follow, not from the tail; the buffer's records come first
	dctx, dcancel := context.WithCancel(resCtx)

	dmesg, err := c.Dmesg(dctx, true, false)
	if err != nil {
		t.Fatalf("Dmesg: %v", err)
	}

	msg, err := dmesg.Recv()
	if err != nil && err != io.EOF {
		t.Fatalf("Dmesg: %v", err)
	}

	if !kernelLine.Match(msg.GetBytes()) {
		t.Errorf("Dmesg: first message %q is not a kernel log line (the log pane)", msg.GetBytes())
	}

	dcancel()

	// Resources screen: the list of definitions, then a WatchKind of the type chosen
	defs, err := safe.StateListAll[*meta.ResourceDefinition](resCtx, c.COSI)
	if err != nil {
		t.Fatalf("List ResourceDefinitions: %v", err)
	}

	found := false

	for def := range defs.All() {
		if def.TypedSpec().Type == network.LinkStatusType && def.TypedSpec().DefaultNamespace == network.NamespaceName {
			found = true
		}
	}

	if !found {
		t.Errorf("ResourceDefinitions: no %s in %s", network.LinkStatusType, network.NamespaceName)
	}

	if got := watchKind(resCtx, t, c, network.NewLinkStatus(network.NamespaceName, "").Metadata()); len(got) == 0 {
		t.Errorf("WatchKind %s: nothing (the Resources screen's list)", network.LinkStatusType)
	}

	t.Logf("dashboard reads answered: %d services, %d processes, %d links", len(sl.GetServices()), len(ps.GetProcesses()), len(kinds[network.LinkStatusType]))
}

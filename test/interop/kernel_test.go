package interop

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/emptypb"
)

// ipKernelViews is TestKernelViews's agent.
const ipKernelViews = "127.0.0.133"

// kernelLine is how Talos writes a kernel log record in a Dmesg message.
var kernelLine = regexp.MustCompile(`^[a-z0-9]+: {0,7}[a-z]+: \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\]: `)

// procLines returns the whitespace-separated fields of each non-empty line of a /proc file.
func procLines(t *testing.T, path string) [][]string {
	t.Helper()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}

	var out [][]string

	s := bufio.NewScanner(bytes.NewReader(data))
	for s.Scan() {
		if f := strings.Fields(s.Text()); len(f) > 0 {
			out = append(out, f)
		}
	}

	return out
}

// TestKernelViews: the kernel's views through the official client (what `talosctl memory`,
// `processes`, `mounts`, `netstat`, `dmesg` and `dashboard` call), against what this test reads
// from /proc itself. A maintenance-mode agent: every caller is a reader, which may call them all.
func TestKernelViews(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipKernelViews, t.TempDir())
	c := insecureClient(t, a.IP)
	empty := &emptypb.Empty{}

	mem, err := c.Memory(callCtx(t))
	if err != nil {
		t.Fatalf("Memory: %v", err)
	}

	for _, f := range procLines(t, "/proc/meminfo") {
		if f[0] == "MemTotal:" && fmt.Sprint(mem.GetMessages()[0].GetMeminfo().GetMemtotal()) != f[1] {
			t.Errorf("Memory: memtotal %d, /proc/meminfo %s kB", mem.GetMessages()[0].GetMeminfo().GetMemtotal(), f[1])
		}
	}

	stat, err := c.MachineClient.SystemStat(callCtx(t), empty)
	if err != nil {
		t.Fatalf("SystemStat: %v", err)
	}

	cpus := 0

	for _, f := range procLines(t, "/proc/stat") {
		if f[0] == "btime" && fmt.Sprint(stat.GetMessages()[0].GetBootTime()) != f[1] {
			t.Errorf("SystemStat: boot time %d, /proc/stat %s", stat.GetMessages()[0].GetBootTime(), f[1])
		}

		if strings.HasPrefix(f[0], "cpu") && f[0] != "cpu" {
			cpus++
		}
	}

	if got := len(stat.GetMessages()[0].GetCpu()); got != cpus {
		t.Errorf("SystemStat: %d CPUs, /proc/stat has %d", got, cpus)
	}

	info, err := c.MachineClient.CPUInfo(callCtx(t), empty)
	if err != nil || len(info.GetMessages()[0].GetCpuInfo()) != cpus {
		t.Errorf("CPUInfo: %v, want %d CPUs in %v", err, cpus, info)
	}

	freq, err := c.MachineClient.CPUFreqStats(callCtx(t), empty)
	if err != nil || len(freq.GetMessages()[0].GetCpuFreqStats()) != cpus {
		t.Errorf("CPUFreqStats: %v, want %d CPUs in %v", err, cpus, freq)
	}

	load, err := c.MachineClient.LoadAvg(callCtx(t), empty)
	if err != nil || load.GetMessages()[0].GetLoad15() <= 0 {
		t.Errorf("LoadAvg: %v, %v", err, load)
	}

	disks, err := c.MachineClient.DiskStats(callCtx(t), empty)
	if err != nil {
		t.Fatalf("DiskStats: %v", err)
	}

	var diskNames []string

	for _, f := range procLines(t, "/proc/diskstats") {
		if len(f) >= 18 {
			diskNames = append(diskNames, f[2])
		}
	}

	var gotDisks []string
	for _, d := range disks.GetMessages()[0].GetDevices() {
		gotDisks = append(gotDisks, d.GetName())
	}

	if strings.Join(gotDisks, " ") != strings.Join(diskNames, " ") {
		t.Errorf("DiskStats: devices %v, /proc/diskstats %v", gotDisks, diskNames)
	}

	nets, err := c.MachineClient.NetworkDeviceStats(callCtx(t), empty)
	if err != nil || !strings.Contains(nets.GetMessages()[0].GetTotal().GetName(), "lo") {
		t.Errorf("NetworkDeviceStats: %v, %v", err, nets)
	}

	host, err := c.MachineClient.Hostname(callCtx(t), empty)
	want, _ := os.Hostname() //nolint:errcheck

	if err != nil || host.GetMessages()[0].GetHostname() != want {
		t.Errorf("Hostname: %v, %v, want %q", err, host, want)
	}

	checkProcessesAndMounts(t, c)
	checkNetstat(t, c, a)
	checkDmesg(t, c)
}

func checkProcessesAndMounts(t *testing.T, c *client.Client) {
	t.Helper()

	procs, err := c.Processes(callCtx(t))
	if err != nil {
		t.Fatalf("Processes: %v", err)
	}

	exe, _ := os.Executable() //nolint:errcheck
	found := false

	for _, p := range procs.GetMessages()[0].GetProcesses() {
		if int(p.GetPid()) == os.Getpid() {
			found = true

			if p.GetArgs() != strings.Join(os.Args, " ") || p.GetExecutable() != exe || p.GetPpid() != int32(os.Getppid()) {
				t.Errorf("Processes: this test is %+v, want args %q, executable %q", p, strings.Join(os.Args, " "), exe)
			}
		}
	}

	if !found {
		t.Errorf("Processes: this test (pid %d) is not listed", os.Getpid())
	}

	mounts, err := c.Mounts(callCtx(t))
	if err != nil {
		t.Fatalf("Mounts: %v", err)
	}

	var fs syscall.Statfs_t
	if err = syscall.Statfs("/", &fs); err != nil {
		t.Fatal(err)
	}

	for _, m := range mounts.GetMessages()[0].GetStats() {
		if m.GetMountedOn() == "/" && m.GetSize() != uint64(fs.Bsize)*fs.Blocks {
			t.Errorf("Mounts: / is %d bytes, statfs says %d", m.GetSize(), uint64(fs.Bsize)*fs.Blocks)
		}
	}
}

func checkNetstat(t *testing.T, c *client.Client, a *Agent) {
	t.Helper()

	resp, err := c.Netstat(callCtx(t), &machine.NetstatRequest{
		Filter:  machine.NetstatRequest_LISTENING,
		Feature: &machine.NetstatRequest_Feature{Pid: true},
		L4Proto: &machine.NetstatRequest_L4Proto{Tcp: true, Tcp6: true},
		Netns:   &machine.NetstatRequest_NetNS{Hostnetwork: true},
	})
	if err != nil {
		t.Fatalf("Netstat: %v", err)
	}

	found := false

	for _, r := range resp.GetMessages()[0].GetConnectrecord() {
		if r.GetLocalip() == a.IP && r.GetLocalport() == apidPort {
			found = r.GetState() == machine.ConnectRecord_LISTEN && int(r.GetProcess().GetPid()) == a.cmd.Process.Pid
		}
	}

	if !found {
		t.Errorf("Netstat: no LISTEN record for %s:%d held by the agent (pid %d) in %v", a.IP, apidPort, a.cmd.Process.Pid, resp)
	}

	_, err = c.Netstat(callCtx(t), &machine.NetstatRequest{Filter: machine.NetstatRequest_Filter(7)})
	expectCode(t, err, codes.InvalidArgument, "Netstat with an unknown filter")
}

func checkDmesg(t *testing.T, c *client.Client) {
	t.Helper()

	stream, err := c.Dmesg(callCtx(t), false, false)
	if err != nil {
		t.Fatalf("Dmesg: %v", err)
	}

	r, err := client.ReadStream(stream)
	if err != nil {
		t.Fatalf("Dmesg: %v", err)
	}

	all, err := io.ReadAll(r)
	if err != nil || !kernelLine.Match(all) {
		t.Fatalf("Dmesg: %v, first bytes %q", err, all[:min(len(all), 200)])
	}

	// follow from the tail: a record this test writes (root only) arrives
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	follow, err := c.Dmesg(ctx, true, true)
	if err != nil {
		t.Fatalf("Dmesg follow: %v", err)
	}

	marker := fmt.Sprintf("talos-ts-interop-%d", time.Now().UnixNano())

	go func() {
		for ctx.Err() == nil {
			if werr := os.WriteFile("/dev/kmsg", []byte("<6>"+marker+"\n"), 0); werr != nil {
				t.Errorf("writing /dev/kmsg (needs root): %v", werr)

				return
			}

			time.Sleep(100 * time.Millisecond)
		}
	}()

	for {
		msg, err := follow.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) || ctx.Err() != nil {
				t.Fatalf("Dmesg follow ended before %q came: %v", marker, err)
			}

			t.Fatalf("Dmesg follow: %v", err)
		}

		if strings.Contains(string(msg.GetBytes()), marker) {
			if !strings.HasPrefix(string(msg.GetBytes()), "user:    info: [") {
				t.Errorf("Dmesg follow: %q", msg.GetBytes())
			}

			return
		}
	}
}

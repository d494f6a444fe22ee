// Command machinery-client drives one node through the official Talos client library
// (github.com/siderolabs/talos/pkg/machinery), so that tests which boot a real guest (the QEMU tier)
// are judged by the same client as talosctl, not by our own.
//
// Usage:
//
//	machinery-client -e IP apply-insecure FILE    ApplyConfiguration (mode AUTO) over TLS without a client certificate
//	machinery-client -e IP version-insecure       Version in maintenance mode
//	machinery-client -e IP -talosconfig F version
//	machinery-client -e IP -talosconfig F read PATH
//	machinery-client -e IP -talosconfig F reboot
//	machinery-client -e IP -talosconfig F upgrade IMAGE
//	machinery-client -e IP -talosconfig F upgrade-stage IMAGE   as talosctl upgrade --stage
//	machinery-client -e IP -talosconfig F upgrade-lifecycle IMAGE   as talosctl 1.13's upgrade --no-reboot:
//	                                          ImageService Pull, then LifecycleService Upgrade (lifecycle.go)
//	machinery-client -e IP -talosconfig F rollback
//	machinery-client -e IP -talosconfig F track [-until ready|running] reboot|upgrade IMAGE
//	                                          the action followed as talosctl --wait follows it (track.go)
//	machinery-client -e IP -talosconfig F reset LABEL...   graceful, reboot, the labels wiped
//	machinery-client -e IP -talosconfig F apply FILE [auto|reboot|no-reboot|staged]
//	machinery-client -e IP -talosconfig F shutdown
//	machinery-client -e IP [-talosconfig F] get KIND     block resources (volumestatuses, discoveredvolumes,
//	                                                     disks, mountstatuses, systemdisks, blockdevices) and
//	                                                     Kubernetes ones (staticpodstatuses, nodenames) as YAML
//	machinery-client -e IP [-talosconfig F] disks         StorageService Disks
//	machinery-client -e IP [-talosconfig F] wipe DEVICE   StorageService BlockDeviceWipe (FAST)
//	machinery-client -e IP -talosconfig F service ID      ServiceInfo: one line per node, id, state, health
//	machinery-client -e IP -talosconfig F etcd-members    EtcdMemberList: one line per member
//	machinery-client -e IP -talosconfig F etcd-status     EtcdStatus: the member's id, leader, db size
//	machinery-client -e IP -talosconfig F health WAIT CONTROL_PLANE_IPS [WORKER_IPS]
//	                                          ClusterService HealthCheck as talosctl health --server:
//	                                          every progress line; WAIT a Go duration, IPs comma-separated
//	machinery-client -e IP -talosconfig F debug IMAGE ARGS...   DebugService ContainerRun as talosctl debug
//	                                          (system containerd, privileged, DEBUG_TEST=yes in the
//	                                          environment): stdin sent as input, the output on stdout,
//	                                          then a line "exit-code: N"
//
// -n NODE (repeatable as a comma list) sends the call to those nodes through the endpoint, as talosctl -n.
//
// Success prints the answer on stdout and exits 0. A failed call prints "error: <code>: <message>"
// on stderr (the gRPC code by name, e.g. InvalidArgument) and exits 1.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cosi-project/runtime/pkg/resource/meta"
	"github.com/cosi-project/runtime/pkg/safe"
	"go.yaml.in/yaml/v4"

	clusterapi "github.com/siderolabs/talos/pkg/machinery/api/cluster"
	"github.com/siderolabs/talos/pkg/machinery/api/common"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/api/storage"
	"github.com/siderolabs/talos/pkg/machinery/client"
	clientconfig "github.com/siderolabs/talos/pkg/machinery/client/config"
	"github.com/siderolabs/talos/pkg/machinery/resources/block"
	"github.com/siderolabs/talos/pkg/machinery/resources/k8s"
	"google.golang.org/grpc/status"
)

func main() {
	endpoint := flag.String("e", "", "the node's address (port 50000)")
	talosconfig := flag.String("talosconfig", "", "the talosconfig whose current context authenticates")
	timeout := flag.Duration("timeout", 30*time.Second, "deadline of the call")
	nodes := flag.String("n", "", "the nodes the call goes to through the endpoint (comma-separated), as talosctl -n")
	flag.Parse()

	if *endpoint == "" || flag.NArg() == 0 {
		fail(fmt.Errorf("usage: machinery-client -e IP [-talosconfig FILE] COMMAND [ARGS]"))
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	if *nodes != "" {
		ctx = client.WithNodes(ctx, strings.Split(*nodes, ",")...)
	}

	args := flag.Args()
	insecure := args[0] == "apply-insecure" || args[0] == "version-insecure" || *talosconfig == ""

	c, err := connect(ctx, *endpoint, *talosconfig, insecure)
	if err != nil {
		fail(err)
	}
	defer c.Close() //nolint:errcheck

	if args[0] == "track" {
		reconnect := func() (*client.Client, error) { return connect(ctx, *endpoint, *talosconfig, false) }
		if err := trackCommand(ctx, reconnect, args[1:]); err != nil {
			fail(err)
		}

		return
	}

	if err := run(ctx, c, args); err != nil {
		fail(err)
	}
}

// connect builds the client as talosctl does: --insecure skips verification and sends no
// certificate; otherwise the talosconfig's context, with the endpoint given.
func connect(ctx context.Context, endpoint, talosconfig string, insecure bool) (*client.Client, error) {
	if insecure {
		return client.New(ctx,
			client.WithDefaultGRPCDialOptions(),
			client.WithTLSConfig(&tls.Config{InsecureSkipVerify: true}), //nolint:gosec // talosctl --insecure
			client.WithEndpoints(endpoint),
		)
	}

	if talosconfig == "" {
		return nil, fmt.Errorf("-talosconfig is required for this command")
	}

	cfg, err := clientconfig.Open(talosconfig)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", talosconfig, err)
	}

	return client.New(ctx, client.WithConfig(cfg), client.WithDefaultGRPCDialOptions(), client.WithEndpoints(endpoint))
}

func run(ctx context.Context, c *client.Client, args []string) error {
	switch cmd, rest := args[0], args[1:]; cmd {
	case "apply-insecure":
		if len(rest) != 1 {
			return fmt.Errorf("apply-insecure takes the config file")
		}

		data, err := os.ReadFile(rest[0])
		if err != nil {
			return err
		}

		resp, err := c.ApplyConfiguration(ctx, &machine.ApplyConfigurationRequest{
			Data: data,
			Mode: machine.ApplyConfigurationRequest_AUTO,
		})
		if err != nil {
			return err
		}

		for _, m := range resp.GetMessages() {
			fmt.Printf("mode=%s %s\n", m.GetMode(), m.GetModeDetails())
		}

		return nil
	case "version", "version-insecure":
		resp, err := c.Version(ctx)
		if err != nil {
			return err
		}

		for _, m := range resp.GetMessages() {
			fmt.Printf("tag=%s\n", m.GetVersion().GetTag())
		}

		return nil
	case "health":
		return health(ctx, c, rest)
	case "debug":
		return debug(ctx, c, rest)
	case "read":
		if len(rest) != 1 {
			return fmt.Errorf("read takes a path")
		}

		r, err := c.Read(ctx, rest[0])
		if err != nil {
			return err
		}
		defer r.Close() //nolint:errcheck

		_, err = io.Copy(os.Stdout, r)

		return err
	case "reboot":
		return c.Reboot(ctx)
	case "rollback":
		return c.Rollback(ctx)
	case "upgrade", "upgrade-stage":
		if len(rest) != 1 {
			return fmt.Errorf("%s takes the installer image", cmd)
		}

		resp, err := c.UpgradeWithOptions(ctx, client.WithUpgradeImage(rest[0]), client.WithUpgradeStage(cmd == "upgrade-stage"))
		if err != nil {
			return err
		}

		for _, m := range resp.GetMessages() {
			fmt.Printf("ack=%s\n", m.GetAck())
		}

		return nil
	case "upgrade-lifecycle":
		if len(rest) != 1 {
			return fmt.Errorf("%s takes the installer image", cmd)
		}

		return upgradeLifecycle(ctx, c, rest[0])
	case "reset":
		labels := make([]*machine.ResetPartitionSpec, 0, len(rest))
		for _, l := range rest {
			labels = append(labels, &machine.ResetPartitionSpec{Label: l, Wipe: true})
		}

		return c.ResetGeneric(ctx, &machine.ResetRequest{Graceful: true, Reboot: true, SystemPartitionsToWipe: labels})
	case "apply":
		return apply(ctx, c, rest)
	case "shutdown":
		return c.Shutdown(ctx)
	case "get":
		if len(rest) != 1 {
			return fmt.Errorf("get takes a kind")
		}

		return get(ctx, c, rest[0])
	case "disks":
		resp, err := c.Disks(ctx)
		if err != nil {
			return err
		}

		for _, m := range resp.GetMessages() {
			for _, d := range m.GetDisks() {
				fmt.Printf("%s size=%d type=%s system=%v readonly=%v\n", d.GetDeviceName(), d.GetSize(), d.GetType(), d.GetSystemDisk(), d.GetReadonly())
			}
		}

		return nil
	case "wipe":
		devices := make([]*storage.BlockDeviceWipeDescriptor, 0, len(rest))
		for _, d := range rest {
			devices = append(devices, &storage.BlockDeviceWipeDescriptor{Device: d, Method: storage.BlockDeviceWipeDescriptor_FAST})
		}

		return c.BlockDeviceWipe(ctx, &storage.BlockDeviceWipeRequest{Devices: devices})
	case "service", "etcd-members", "etcd-status":
		return etcdAndServices(ctx, c, cmd, rest)
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// etcdAndServices prints a service's state and health, etcd's members or etcd's status, one line per
// node or member, as `talosctl service ID`, `talosctl etcd members` and `talosctl etcd status` read them.
func etcdAndServices(ctx context.Context, c *client.Client, cmd string, rest []string) error {
	switch cmd {
	case "service":
		if len(rest) != 1 {
			return fmt.Errorf("service takes the service id")
		}

		infos, err := c.ServiceInfo(ctx, rest[0])
		if err != nil {
			return err
		}

		for _, info := range infos {
			s := info.Service
			fmt.Printf("node=%s id=%s state=%s healthy=%v\n", info.Metadata.GetHostname(), s.GetId(), s.GetState(), s.GetHealth().GetHealthy())
		}

		return nil
	case "etcd-members":
		resp, err := c.EtcdMemberList(ctx, &machine.EtcdMemberListRequest{})
		if err != nil {
			return err
		}

		for _, m := range resp.GetMessages() {
			for _, member := range m.GetMembers() {
				fmt.Printf("node=%s id=%x hostname=%s learner=%v peers=%s\n", m.GetMetadata().GetHostname(), member.GetId(),
					member.GetHostname(), member.GetIsLearner(), strings.Join(member.GetPeerUrls(), ","))
			}
		}

		return nil
	default:
		resp, err := c.EtcdStatus(ctx)
		if err != nil {
			return err
		}

		for _, m := range resp.GetMessages() {
			st := m.GetMemberStatus()
			fmt.Printf("node=%s member=%x leader=%x db=%d learner=%v errors=%s\n", m.GetMetadata().GetHostname(), st.GetMemberId(),
				st.GetLeader(), st.GetDbSize(), st.GetIsLearner(), strings.Join(st.GetErrors(), ";"))
		}

		return nil
	}
}

func apply(ctx context.Context, c *client.Client, rest []string) error {
	if len(rest) < 1 || len(rest) > 2 {
		return fmt.Errorf("apply takes the config file and a mode")
	}

	data, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}

	modes := map[string]machine.ApplyConfigurationRequest_Mode{
		"auto":      machine.ApplyConfigurationRequest_AUTO,
		"reboot":    machine.ApplyConfigurationRequest_REBOOT,
		"no-reboot": machine.ApplyConfigurationRequest_NO_REBOOT,
		"staged":    machine.ApplyConfigurationRequest_STAGED,
	}

	mode := machine.ApplyConfigurationRequest_AUTO
	if len(rest) == 2 {
		m, ok := modes[rest[1]]
		if !ok {
			return fmt.Errorf("unknown apply mode %q", rest[1])
		}

		mode = m
	}

	resp, err := c.ApplyConfiguration(ctx, &machine.ApplyConfigurationRequest{Data: data, Mode: mode})
	if err != nil {
		return err
	}

	for _, m := range resp.GetMessages() {
		fmt.Printf("mode=%s %s\n", m.GetMode(), m.GetModeDetails())
	}

	return nil
}

// get prints the block resources of a kind as talosctl get -o yaml does: the id, then the typed spec.
func get(ctx context.Context, c *client.Client, kind string) error {
	print := func(id string, spec any) error {
		out, err := yaml.Marshal(spec)
		if err != nil {
			return err
		}

		fmt.Printf("--- %s\n%s", id, out)

		return nil
	}

	switch kind {
	case "volumestatuses":
		return printAll[*block.VolumeStatus](ctx, c, print)
	case "discoveredvolumes":
		return printAll[*block.DiscoveredVolume](ctx, c, print)
	case "disks":
		return printAll[*block.Disk](ctx, c, print)
	case "mountstatuses":
		return printAll[*block.MountStatus](ctx, c, print)
	case "systemdisks":
		return printAll[*block.SystemDisk](ctx, c, print)
	case "blockdevices":
		return printAll[*block.Device](ctx, c, print)
	case "staticpodstatuses":
		return printAll[*k8s.StaticPodStatus](ctx, c, print)
	case "nodenames":
		return printAll[*k8s.Nodename](ctx, c, print)
	default:
		return fmt.Errorf("unknown kind %q", kind)
	}
}

func printAll[T meta.ResourceWithRD](ctx context.Context, c *client.Client, print func(string, any) error) error {
	list, err := safe.StateListAll[T](ctx, c.COSI)
	if err != nil {
		return err
	}

	for r := range list.All() {
		if err := print(r.Metadata().ID(), r.Spec()); err != nil {
			return err
		}
	}

	return nil
}

// health runs the server-side cluster health check and prints its progress lines as talosctl does.
func health(ctx context.Context, c *client.Client, rest []string) error {
	if len(rest) < 2 || len(rest) > 3 {
		return fmt.Errorf("health takes WAIT CONTROL_PLANE_IPS [WORKER_IPS]")
	}

	wait, err := time.ParseDuration(rest[0])
	if err != nil {
		return err
	}

	info := &clusterapi.ClusterInfo{ControlPlaneNodes: strings.Split(rest[1], ",")}
	if len(rest) == 3 && rest[2] != "" {
		info.WorkerNodes = strings.Split(rest[2], ",")
	}

	stream, err := c.ClusterHealthCheck(ctx, wait, info)
	if err != nil {
		return err
	}

	if err := stream.CloseSend(); err != nil {
		return err
	}

	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			return nil
		}

		if err != nil {
			return err
		}

		if msg.GetMetadata().GetError() != "" {
			return fmt.Errorf("healthcheck error: %s", msg.GetMetadata().GetError())
		}

		fmt.Println(msg.GetMessage())
	}
}

// debug runs a debug container as talosctl debug does (without a terminal).
func debug(ctx context.Context, c *client.Client, rest []string) error {
	if len(rest) < 1 {
		return fmt.Errorf("debug takes IMAGE [ARGS...]")
	}

	stream, err := c.DebugClient.ContainerRun(ctx)
	if err != nil {
		return err
	}

	if err = stream.Send(&machine.DebugContainerRunRequest{
		Request: &machine.DebugContainerRunRequest_Spec{
			Spec: &machine.DebugContainerRunRequestSpec{
				Containerd: &common.ContainerdInstance{Driver: common.ContainerDriver_CONTAINERD, Namespace: common.ContainerdNamespace_NS_SYSTEM},
				ImageName:  rest[0],
				Args:       rest[1:],
				Env:        map[string]string{"DEBUG_TEST": "yes"},
				Profile:    machine.DebugContainerRunRequestSpec_PROFILE_PRIVILEGED,
			},
		},
	}); err != nil {
		return err
	}

	go func() {
		buf := make([]byte, 4096)

		for {
			n, err := os.Stdin.Read(buf)
			if n > 0 {
				if stream.Send(&machine.DebugContainerRunRequest{
					Request: &machine.DebugContainerRunRequest_StdinData{StdinData: append([]byte(nil), buf[:n]...)},
				}) != nil {
					return
				}
			}

			if err != nil {
				stream.CloseSend() //nolint:errcheck

				return
			}
		}
	}()

	for {
		msg, err := stream.Recv()
		if err != nil {
			return err
		}

		switch r := msg.Resp.(type) {
		case *machine.DebugContainerRunResponse_StdoutData:
			os.Stdout.Write(r.StdoutData) //nolint:errcheck
		case *machine.DebugContainerRunResponse_ExitCode:
			fmt.Printf("exit-code: %d\n", r.ExitCode)

			return nil
		}
	}
}

func fail(err error) {
	if s, ok := status.FromError(err); ok {
		fmt.Fprintf(os.Stderr, "error: %s: %s\n", s.Code(), s.Message())
	} else {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
	}

	os.Exit(1)
}

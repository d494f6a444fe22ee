package interop

// ApplyConfiguration in each mode, through the official client as `talosctl apply-config --mode …`
// sends it, judged by what the COSI API shows afterwards.

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/resource"
	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/cosi-project/runtime/pkg/state"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"github.com/siderolabs/talos/pkg/machinery/resources/config"
	"github.com/siderolabs/talos/pkg/machinery/resources/k8s"
	"go.yaml.in/yaml/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"
)

// withAuditMaxAge sets cluster.apiServer.extraArgs.audit-log-maxage, a change Talos applies without a reboot.
func withAuditMaxAge(t *testing.T, data []byte, value string) []byte {
	t.Helper()

	return editV1Alpha1(t, data, func(root *yaml.Node) {
		apiServer := mapPath(t, root, "cluster", "apiServer")
		mapSet(apiServer, "extraArgs", &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "audit-log-maxage"},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: yaml.DoubleQuotedStyle},
		}})
	})
}

// machineConfigYAML is the YAML spec of MachineConfig id (`talosctl get mc <id> -o yaml`) and its version.
func machineConfigYAML(t *testing.T, c *client.Client, id resource.ID) (string, resource.Version) {
	t.Helper()

	raw, err := c.COSI.Get(callCtx(t), resource.NewMetadata(config.NamespaceName, config.MachineConfigType, id, resource.VersionUndefined),
		state.WithGetUnmarshalOptions(state.WithSkipProtobufUnmarshal()))
	if err != nil {
		t.Fatalf("get MachineConfig %s: %v", id, err)
	}

	return yamlSpec(t, raw), raw.Metadata().Version()
}

func hasMaxAge(spec, value string) bool {
	return regexp.MustCompile(`audit-log-maxage: "?` + value + `"?\n`).MatchString(spec)
}

func apply(t *testing.T, c *client.Client, data []byte, mode machine.ApplyConfigurationRequest_Mode, dryRun bool, try time.Duration) *machine.ApplyConfiguration {
	t.Helper()

	req := &machine.ApplyConfigurationRequest{Data: data, Mode: mode, DryRun: dryRun}
	if try > 0 {
		req.TryModeTimeout = durationpb.New(try)
	}

	resp, err := c.ApplyConfiguration(callCtx(t), req)
	if err != nil {
		t.Fatalf("ApplyConfiguration %s (dry run %v): %v", mode, dryRun, err)
	}

	return resp.GetMessages()[0]
}

func TestApplyModes(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipApplyModes, t.TempDir())
	g := genConfig(t, "modes", a.IP)
	applyInsecure(t, a.IP, g.ControlPlane)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	// the static pods, watched from before the no-reboot apply
	events := watchStaticPods(t, c)
	seen := map[string]resource.Version{}
	for {
		ev := nextEvent(t, events)
		if ev.Type == state.Bootstrapped {
			break
		}

		seen[ev.Resource.Metadata().ID()] = ev.Resource.Metadata().Version()
	}

	for len(seen) < len(controlPlanePods) { // the controllers may still be rendering them
		ev := nextEvent(t, events)
		seen[ev.Resource.Metadata().ID()] = ev.Resource.Metadata().Version()
	}

	// dry run: the diff, nothing changes
	_, before := machineConfigYAML(t, c, config.ActiveID)
	msg := apply(t, c, withAuditMaxAge(t, g.ControlPlane, "5"), machine.ApplyConfigurationRequest_NO_REBOOT, true, 0)
	if !strings.Contains(msg.GetModeDetails(), "Dry run summary") || !regexp.MustCompile(`\n\+\s+audit-log-maxage: "5"\n`).MatchString(msg.GetModeDetails()) {
		t.Fatalf("dry run details:\n%s", msg.GetModeDetails())
	}

	if _, v := machineConfigYAML(t, c, config.ActiveID); !v.Equal(before) {
		t.Fatalf("dry run changed the active config version %s → %s", before, v)
	}

	// no reboot: applied now, only the kube-apiserver pod is updated
	noReboot := withAuditMaxAge(t, g.ControlPlane, "6")
	if msg = apply(t, c, noReboot, machine.ApplyConfigurationRequest_NO_REBOOT, false, 0); msg.GetMode() != machine.ApplyConfigurationRequest_NO_REBOOT {
		t.Fatalf("NO_REBOOT answered mode %s", msg.GetMode())
	}

	for {
		ev := nextEvent(t, events)
		id := ev.Resource.Metadata().ID()
		if id != k8s.APIServerID {
			t.Fatalf("the no-reboot apiServer change updated static pod %s (%s)", id, ev.Type)
		}

		if ev.Type == state.Updated && strings.Contains(yamlOrTyped(ev.Resource), "--audit-log-maxage=6") {
			break
		}
	}

	// auto: a change that needs no reboot is applied without one
	auto := withAuditMaxAge(t, g.ControlPlane, "7")
	if msg = apply(t, c, auto, machine.ApplyConfigurationRequest_AUTO, false, 0); msg.GetMode() != machine.ApplyConfigurationRequest_NO_REBOOT {
		t.Fatalf("AUTO answered mode %s, want NO_REBOOT", msg.GetMode())
	}

	if spec, _ := machineConfigYAML(t, c, config.ActiveID); !hasMaxAge(spec, "7") {
		t.Fatalf("AUTO: active config does not have the change")
	}

	// staged: saved for the next boot, the running config stays
	if msg = apply(t, c, withAuditMaxAge(t, g.ControlPlane, "8"), machine.ApplyConfigurationRequest_STAGED, false, 0); msg.GetMode() != machine.ApplyConfigurationRequest_STAGED {
		t.Fatalf("STAGED answered mode %s", msg.GetMode())
	}

	if spec, _ := machineConfigYAML(t, c, config.ActiveID); !hasMaxAge(spec, "7") {
		t.Fatalf("STAGED changed the active config")
	}

	if spec, _ := machineConfigYAML(t, c, config.PersistentID); !hasMaxAge(spec, "8") {
		t.Fatalf("STAGED: the persistent config does not have the staged change")
	}

	// try: active until the timeout, then the previous config is back
	if msg = apply(t, c, withAuditMaxAge(t, g.ControlPlane, "9"), machine.ApplyConfigurationRequest_TRY, false, 2*time.Second); msg.GetMode() != machine.ApplyConfigurationRequest_TRY {
		t.Fatalf("TRY answered mode %s", msg.GetMode())
	}

	if spec, _ := machineConfigYAML(t, c, config.ActiveID); !hasMaxAge(spec, "9") {
		t.Fatalf("TRY: the tried config is not active")
	}

	deadline := time.Now().Add(configuredTimeout)
	for {
		spec, _ := machineConfigYAML(t, c, config.ActiveID)
		if hasMaxAge(spec, "7") {
			break
		}

		if time.Now().After(deadline) {
			t.Fatalf("TRY: not rolled back to the previous config within %s", configuredTimeout)
		}

		time.Sleep(200 * time.Millisecond)
	}

	// reboot: this platform cannot reboot itself, so the request is refused and nothing is saved
	_, err := c.ApplyConfiguration(callCtx(t), &machine.ApplyConfigurationRequest{
		Data: withAuditMaxAge(t, g.ControlPlane, "10"), Mode: machine.ApplyConfigurationRequest_REBOOT,
	})
	requireCode(t, err, codes.FailedPrecondition, "ApplyConfiguration REBOOT on the container platform")

	if spec, _ := machineConfigYAML(t, c, config.PersistentID); !hasMaxAge(spec, "8") {
		t.Fatalf("a refused REBOOT apply changed the persistent config")
	}

	pods, err := safe.StateListAll[*k8s.StaticPod](callCtx(t), c.COSI)
	if err != nil {
		t.Fatalf("list static pods: %v", err)
	}

	var ids []string
	for p := range pods.All() {
		ids = append(ids, p.Metadata().ID())
	}

	slices.Sort(ids)
	if !slices.Equal(ids, []string{k8s.APIServerID, k8s.ControllerManagerID, k8s.SchedulerID}) {
		t.Fatalf("static pods after the applies: %v", ids)
	}
}

// yamlOrTyped renders a watched StaticPod's pod as YAML, whether the client decoded it or not.
func yamlOrTyped(r resource.Resource) string {
	if pod, ok := r.(*k8s.StaticPod); ok {
		out, err := yaml.Marshal(pod.TypedSpec().Pod)
		if err == nil {
			return string(out)
		}
	}

	return ""
}

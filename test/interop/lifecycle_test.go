package interop

// `talosctl reset` and `talosctl reboot` with their default --wait, driven the way talosctl's action
// tracker drives them (cmd/talosctl/pkg/talos/action), through the client library's own event
// helpers: EventsWatchV2 with a tail, the actor id of the answer, the predicates talosctl waits for
// (the task stopAllServices for reset; a running and ready machine, then a new boot id, for reboot:
// a worker here has no kubelet, so it is never ready, and the reboot is followed up to the machine
// running again, as runningAgain says),
// looking again once a second after the actor's reboot sequence or stopAllServices task, and with
// the whole history once the node dropped the stream.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	"google.golang.org/grpc/codes"
)

const (
	ipLifecycleCP = "127.0.0.46" // TestLifecycleWait (control plane)
	ipLifecycleWk = "127.0.0.47" // TestLifecycleWait (worker)

	// trackTimeout bounds one tracked action (talosctl's --timeout is 30 m; a container node is quick).
	trackTimeout = 120 * time.Second
)

// errRetry is what the tracker's retry.ExpectedError stands for: reconnect and go on.
var errRetry = errors.New("retry")

// machineReady is talosctl's MachineReadyEventFn.
func machineReady(ev client.EventResult) bool {
	ms, ok := ev.Event.Payload.(*machine.MachineStatusEvent)

	return ok && ms.GetStage() == machine.MachineStatusEvent_RUNNING && ms.GetStatus().GetReady()
}

// runningAgain stands in for machineReady on a node that cannot become ready (no kubelet runs
// here, so the services condition stays unmet and talosctl would wait until its --timeout, as against
// Talos in that state): stage RUNNING, once the node went away and the stream was opened again.
func runningAgain(ev client.EventResult, cameBack bool) bool {
	ms, ok := ev.Event.Payload.(*machine.MachineStatusEvent)

	return cameBack && ok && ms.GetStage() == machine.MachineStatusEvent_RUNNING
}

// stopAllServices is talosctl's StopAllServicesEventFn.
func stopAllServices(ev client.EventResult, _ bool) bool {
	task, ok := ev.Event.Payload.(*machine.TaskEvent)

	return ok && task.GetTask() == "stopAllServices"
}

func readBootID(ctx context.Context, c *client.Client) (string, error) {
	r, err := c.Read(ctx, "/proc/sys/kernel/random/boot_id")
	if err != nil {
		return "", err
	}
	defer r.Close() //nolint:errcheck

	body, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}

	return strings.TrimSpace(string(body)), nil
}

func retryable(err error) bool {
	code := client.StatusCode(err)

	return errors.Is(err, io.EOF) || code == codes.Unavailable || code == codes.Canceled
}

// tracked is what one tracked action saw.
type tracked struct {
	actorID   string
	updates   []string // the tracker's progress lines, as talosctl prints them
	reconnect int
	last      *machine.MachineStatusEvent // the last machine status seen
}

// handleEvents is the tracker's event loop: the expected event ends it; the actor's own events are
// reported, and the end of its stopAllServices task or its reboot sequence means reconnecting.
func (tr *tracked) handleEvents(ctx context.Context, ch <-chan client.EventResult, expected func(client.EventResult, bool) bool, actorID string) error {
	cameBack := tr.reconnect > 0 && actorID == ""

	for {
		var ev client.EventResult

		select {
		case ev = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}

		if ms, ok := ev.Event.Payload.(*machine.MachineStatusEvent); ok {
			tr.last = ms
		}

		if expected(ev, cameBack) {
			tr.updates = append(tr.updates, "events check condition met")

			return nil
		}

		if ev.Error != nil {
			return ev.Error
		}

		if ev.Event.ActorID != actorID {
			continue
		}

		switch msg := ev.Event.Payload.(type) {
		case *machine.PhaseEvent:
			tr.updates = append(tr.updates, fmt.Sprintf("phase: %s action: %v", msg.GetPhase(), msg.GetAction()))
		case *machine.TaskEvent:
			tr.updates = append(tr.updates, fmt.Sprintf("task: %s action: %v", msg.GetTask(), msg.GetAction()))

			if msg.GetTask() == "stopAllServices" {
				return errRetry
			}
		case *machine.SequenceEvent:
			tr.updates = append(tr.updates, fmt.Sprintf("sequence: %s action: %v", msg.GetSequence(), msg.GetAction()))

			if msg.GetSequence() == "reboot" {
				return errRetry
			}

			if msg.GetError().GetMessage() != "" {
				return fmt.Errorf("sequence error: %s", msg.GetError().GetMessage())
			}
		}
	}
}

// track runs action on the node and follows it as talosctl's tracker does; postCheck (may be nil)
// runs with retries once the expected event was seen.
func track(t *testing.T, connect func() *client.Client, expected func(client.EventResult, bool) bool,
	action func(context.Context, *client.Client) (string, error),
	postCheck func(context.Context, *client.Client, string) error,
) *tracked {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), trackTimeout)
	defer cancel()

	tr := &tracked{}
	c := connect()

	var preBootID string

	if postCheck != nil {
		id, err := readBootID(ctx, c)
		if err != nil {
			t.Fatalf("reading the boot id before the action: %v", err)
		}

		preBootID = id
	}

	tailEvents := int32(0)
	actorID := ""
	waitForActorID := true

	for {
		if ctx.Err() != nil {
			t.Fatalf("the tracked action did not finish within %s; progress: %q", trackTimeout, tr.updates)
		}

		err := func() error {
			watchCtx, stop := context.WithCancel(ctx)
			defer stop()

			ch := make(chan client.EventResult)
			if err := c.EventsWatchV2(watchCtx, ch, client.WithTailEvents(tailEvents)); err != nil {
				return err
			}

			if waitForActorID {
				id, err := action(ctx, c)
				if err != nil {
					t.Fatalf("the action failed: %v", err)
				}

				tr.actorID, actorID, waitForActorID = id, id, false
			}

			return tr.handleEvents(watchCtx, ch, expected, actorID)
		}()
		if err == nil {
			break
		}

		tr.reconnect++

		switch {
		case retryable(err):
			// as talosctl: the node went away; from now on the whole history, and any actor
			tr.updates = append(tr.updates, "unavailable, retrying...")
			tailEvents, actorID = -1, ""
		case errors.Is(err, errRetry):
			// as talosctl: look again, with the same tail and actor
		default:
			t.Fatalf("tracking failed: %v; progress: %q", err, tr.updates)
		}

		time.Sleep(time.Second)

		c = connect()
	}

	if postCheck == nil {
		return tr
	}

	for {
		err := postCheck(ctx, c, preBootID)
		if err == nil {
			tr.updates = append(tr.updates, "post check passed")

			return tr
		}

		if ctx.Err() != nil {
			t.Fatalf("the post check did not pass within %s: %v; progress: %q", trackTimeout, err, tr.updates)
		}

		time.Sleep(time.Second)

		c = connect()
	}
}

// bootIDChanged is talosctl's BootIDChangedPostCheckFn.
func bootIDChanged(ctx context.Context, c *client.Client, before string) error {
	now, err := readBootID(ctx, c)
	if err != nil {
		return err
	}

	if now == before {
		return errors.New("didn't reboot yet")
	}

	return nil
}

// TestLifecycleWait: `talosctl reboot` of a worker and `talosctl reset` of a control plane, each
// followed to its end as talosctl --wait follows it.
func TestLifecycleWait(t *testing.T) {
	t.Parallel()

	g := genConfig(t, "interop-lifecycle", ipLifecycleCP)
	cp := StartAgent(t, ipLifecycleCP, t.TempDir())
	wk := StartAgent(t, ipLifecycleWk, t.TempDir())

	applyInsecure(t, cp.IP, g.ControlPlane)
	waitConfigured(t, cp, g.Talosconfig, configuredTimeout)
	applyInsecure(t, wk.IP, g.Worker)
	waitConfigured(t, wk, g.Talosconfig, 2*configuredTimeout)

	t.Run("reboot a worker", func(t *testing.T) {
		// The worker runs, but is not ready: no kubelet runs here (its image cannot be pulled), and a
		// worker without a kubelet is not ready, as on Talos.
		c := configClient(t, g.Talosconfig, wk.IP)
		before := waitRunning(t, c)
		checkNoKubelet(t, before)

		tr := track(t, func() *client.Client { return configClient(t, g.Talosconfig, wk.IP) }, runningAgain,
			func(ctx context.Context, c *client.Client) (string, error) {
				resp, err := c.RebootWithResponse(ctx)
				if err != nil {
					return "", err
				}

				return resp.GetMessages()[0].GetActorId(), nil
			}, bootIDChanged)

		t.Logf("reboot: %q", tr.updates)

		if tr.actorID == "" || !contains(tr.updates, "unavailable, retrying...") {
			t.Fatalf("expected an actor id and the node going away during the reboot, got %+v", tr)
		}

		if !contains(tr.updates, "sequence: reboot action: START") || tr.updates[len(tr.updates)-1] != "post check passed" {
			t.Fatalf("the reboot was not followed to its end: %q", tr.updates)
		}

		// back running, and still not ready for the same reason: talosctl's own predicate is unmet
		if machineReady(client.EventResult{Event: client.Event{Payload: tr.last}}) {
			t.Fatalf("a worker without a kubelet came back ready: %v", tr.last)
		}

		checkNoKubelet(t, tr.last)

		// the node came back configured and serves the config it kept
		checkVersion(t, configClient(t, g.Talosconfig, wk.IP), true)
	})

	t.Run("reset a control plane", func(t *testing.T) {
		tr := track(t, func() *client.Client { return configClient(t, g.Talosconfig, cp.IP) }, stopAllServices,
			func(ctx context.Context, c *client.Client) (string, error) {
				resp, err := c.ResetGenericWithResponse(ctx, &machine.ResetRequest{Graceful: true})
				if err != nil {
					return "", err
				}

				return resp.GetMessages()[0].GetActorId(), nil
			}, nil)

		t.Logf("reset: %q", tr.updates)

		if tr.updates[len(tr.updates)-1] != "events check condition met" {
			t.Fatalf("the reset was not followed to stopAllServices: %q", tr.updates)
		}

		// STATE was wiped: the node comes back in maintenance
		deadline := time.Now().Add(configuredTimeout)

		for {
			_, err := insecureClient(t, cp.IP).Version(callCtx(t))
			if err == nil {
				break
			}

			if time.Now().After(deadline) {
				t.Fatalf("the reset node is not in maintenance mode: %v", err)
			}

			time.Sleep(250 * time.Millisecond)
		}

		// what `talosctl reset --reboot --wait` checks through the maintenance client: Disks answers
		// (on the container platform with the host's disks)
		resp, err := insecureClient(t, cp.IP).Disks(callCtx(t))
		if err != nil {
			t.Fatalf("Disks through the maintenance client after the reset: %v", err)
		}

		if n := len(resp.GetMessages()); n != 1 {
			t.Fatalf("Disks after the reset: want one answer, got %d: %v", n, resp)
		}
	})
}

// checkNoKubelet: the machine status of a worker whose kubelet does not run: not ready, with the
// services condition naming the kubelet.
func checkNoKubelet(t *testing.T, ms *machine.MachineStatusEvent) {
	t.Helper()

	if ms.GetStatus().GetReady() {
		t.Fatalf("a worker without a kubelet is ready: %v", ms)
	}

	for _, u := range ms.GetStatus().GetUnmetConditions() {
		if u.GetName() == "services" && strings.Contains(u.GetReason(), "kubelet not running") {
			return
		}
	}

	t.Fatalf("the unmet conditions do not name the kubelet: %v", ms.GetStatus().GetUnmetConditions())
}

// waitRunning waits for the machine to be running (MachineStatus) and returns the status once no
// new one came for a second.
func waitRunning(t *testing.T, c *client.Client) *machine.MachineStatusEvent {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), configuredTimeout)
	defer cancel()

	ch := make(chan client.EventResult)
	if err := c.EventsWatchV2(ctx, ch, client.WithTailEvents(-1)); err != nil {
		t.Fatalf("watching events: %v", err)
	}

	var last *machine.MachineStatusEvent

	for {
		select {
		case ev := <-ch:
			if ev.Error != nil {
				t.Fatalf("watching events: %v", ev.Error)
			}

			if ms, ok := ev.Event.Payload.(*machine.MachineStatusEvent); ok {
				last = ms
			}
		case <-time.After(time.Second):
			if last.GetStage() == machine.MachineStatusEvent_RUNNING {
				return last
			}
		case <-ctx.Done():
			t.Fatalf("the machine was not running within %s: %v", configuredTimeout, last)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}

	return false
}

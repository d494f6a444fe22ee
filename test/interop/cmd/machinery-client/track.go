package main

// The "track" command: an action followed as `talosctl reboot|upgrade --wait` follows it
// (cmd/talosctl/pkg/talos/action): the boot id read first, EventsWatchV2 opened (tail 0) before the
// action, the actor id of its answer, the actor's phase, task and sequence events reported, a new
// stream with the whole history and any actor once the node dropped the old one, and the boot id
// compared once the expected machine status event came. Each progress line is printed as talosctl's
// tracker words it; the last machine status seen is printed at the end.
//
// -until ready is talosctl's own predicate (stage RUNNING and ready); -until running stops at stage
// RUNNING whatever the readiness once the node went away and came back, for nodes that cannot become
// ready (no kubelet), where talosctl keeps waiting until its --timeout.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
)

var errTrackRetry = errors.New("retry")

type trackAction func(ctx context.Context, c *client.Client) (string, error)

func trackCommand(ctx context.Context, connect func() (*client.Client, error), rest []string) error {
	fs := flag.NewFlagSet("track", flag.ContinueOnError)
	until := fs.String("until", "ready", "ready (talosctl's predicate) or running")

	if err := fs.Parse(rest); err != nil {
		return err
	}

	args := fs.Args()
	if len(args) == 0 {
		return fmt.Errorf("track takes reboot or upgrade IMAGE")
	}

	var action trackAction

	switch args[0] {
	case "reboot":
		action = func(ctx context.Context, c *client.Client) (string, error) {
			resp, err := c.RebootWithResponse(ctx)
			if err != nil {
				return "", err
			}

			return resp.GetMessages()[0].GetActorId(), nil
		}
	case "upgrade":
		if len(args) != 2 {
			return fmt.Errorf("track upgrade takes the installer image")
		}

		action = func(ctx context.Context, c *client.Client) (string, error) {
			resp, err := c.UpgradeWithOptions(ctx, client.WithUpgradeImage(args[1]))
			if err != nil {
				return "", err
			}

			return resp.GetMessages()[0].GetActorId(), nil
		}
	default:
		return fmt.Errorf("track: unknown action %q", args[0])
	}

	expected := func(ev client.EventResult, cameBack bool) bool {
		ms, ok := ev.Event.Payload.(*machine.MachineStatusEvent)
		if !ok || ms.GetStage() != machine.MachineStatusEvent_RUNNING {
			return false
		}

		if *until == "running" {
			return cameBack
		}

		return ms.GetStatus().GetReady()
	}

	return track(ctx, connect, expected, action)
}

func trackRetryable(err error) bool {
	code := client.StatusCode(err)

	return errors.Is(err, io.EOF) || code == codes.Unavailable || code == codes.Canceled
}

func report(format string, a ...any) {
	fmt.Printf(format+"\n", a...)
}

//nolint:gocyclo
func track(ctx context.Context, connect func() (*client.Client, error), expected func(client.EventResult, bool) bool, action trackAction) error {
	c, err := connect()
	if err != nil {
		return err
	}

	preBootID, err := bootID(ctx, c)
	if err != nil {
		return fmt.Errorf("reading the boot id before the action: %w", err)
	}

	var (
		tailEvents     int32
		actorID        string
		waitForActorID = true
		last           *machine.MachineStatusEvent
	)

	for {
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
					return fmt.Errorf("action: %w", err)
				}

				report("actor ID: %s", id)

				actorID, waitForActorID = id, false
			}

			for {
				var ev client.EventResult

				select {
				case ev = <-ch:
				case <-ctx.Done():
					return ctx.Err()
				}

				if ms, ok := ev.Event.Payload.(*machine.MachineStatusEvent); ok {
					last = ms
				}

				if expected(ev, tailEvents == -1) {
					report("events check condition met")

					return nil
				}

				if ev.Error != nil {
					return ev.Error
				}

				if ev.Event.ActorID != actorID {
					continue
				}

				if err := trackEvent(ev.Event); err != nil {
					return err
				}
			}
		}()
		if err == nil {
			break
		}

		switch {
		case trackRetryable(err):
			report("unavailable, retrying...")

			tailEvents, actorID = -1, ""
		case errors.Is(err, errTrackRetry):
		default:
			return err
		}

		if ctx.Err() != nil {
			return ctx.Err()
		}

		time.Sleep(time.Second)

		if c2, err := connect(); err == nil {
			c.Close() //nolint:errcheck

			c = c2
		}
	}

	for {
		now, err := bootID(ctx, c)
		if err == nil && now != preBootID {
			report("post check passed")

			break
		}

		if ctx.Err() != nil {
			return fmt.Errorf("the boot id did not change: %w", ctx.Err())
		}

		time.Sleep(time.Second)
	}

	if last != nil {
		conds := make([]string, 0, len(last.GetStatus().GetUnmetConditions()))
		for _, u := range last.GetStatus().GetUnmetConditions() {
			conds = append(conds, u.GetName()+": "+u.GetReason())
		}

		report("final: stage=%s ready=%v unmet=%s", last.GetStage(), last.GetStatus().GetReady(), strings.Join(conds, "; "))
	}

	return nil
}

// trackEvent reports one event of the actor as talosctl's tracker words it.
func trackEvent(ev client.Event) error {
	switch msg := ev.Payload.(type) {
	case *machine.PhaseEvent:
		report("phase: %s action: %v", msg.GetPhase(), msg.GetAction())
	case *machine.TaskEvent:
		report("task: %s action: %v", msg.GetTask(), msg.GetAction())

		if msg.GetTask() == "stopAllServices" {
			return errTrackRetry
		}
	case *machine.SequenceEvent:
		report("sequence: %s action: %v", msg.GetSequence(), msg.GetAction())

		if msg.GetSequence() == "reboot" {
			return errTrackRetry
		}

		if msg.GetError().GetMessage() != "" {
			return fmt.Errorf("sequence error: %s", msg.GetError().GetMessage())
		}
	case *machine.MachineStatusEvent:
		report("stage: %v ready: %v", msg.GetStage(), msg.GetStatus().GetReady())
	case *machine.ServiceStateEvent:
		report("service: %v message: %v", msg.GetService(), msg.GetMessage())
	}

	return nil
}

func bootID(ctx context.Context, c *client.Client) (string, error) {
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

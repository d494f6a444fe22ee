package main

// The "upgrade-lifecycle" command: the calls of talosctl 1.13's `upgrade --image IMAGE` before its
// reboot (cmd/talosctl/cmd/talos/upgrade.go): the image pulled through the ImageService into the
// system namespace of the CRI containerd (talosctl's default --namespace system), then the
// LifecycleService Upgrade stream read to its exit code. Each progress message is printed as it
// comes; a non-zero exit code is an error, as talosctl reports it.

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/siderolabs/talos/pkg/machinery/api/common"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
)

func upgradeLifecycle(ctx context.Context, c *client.Client, image string) error {
	instance := &common.ContainerdInstance{
		Driver:    common.ContainerDriver_CRI,
		Namespace: common.ContainerdNamespace_NS_SYSTEM,
	}

	pull, err := c.ImageClient.Pull(ctx, &machine.ImageServicePullRequest{Containerd: instance, ImageRef: image})
	if err != nil {
		return err
	}

	for {
		resp, err := pull.Recv()
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			return err
		}

		if name := resp.GetName(); name != "" {
			fmt.Printf("pulled image %s\n", name)
		}
	}

	up, err := c.LifecycleClient.Upgrade(ctx, &machine.LifecycleServiceUpgradeRequest{
		Containerd: instance,
		Source:     &machine.InstallArtifactsSource{ImageName: image},
	})
	if err != nil {
		return err
	}

	exitCode := int32(-1)

	for {
		resp, err := up.Recv()
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			return err
		}

		switch p := resp.GetProgress().GetResponse().(type) {
		case *machine.LifecycleServiceInstallProgress_Message:
			fmt.Printf("message: %s\n", p.Message)
		case *machine.LifecycleServiceInstallProgress_ExitCode:
			exitCode = p.ExitCode
			fmt.Printf("exit code: %d\n", exitCode)
		}
	}

	if exitCode != 0 {
		return fmt.Errorf("upgrade failed with exit code %d", exitCode)
	}

	return nil
}

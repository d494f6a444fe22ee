package interop

// Block resources and the storage API through the official client, on the container platform, where
// the disks are the host's and are only ever looked at: `talosctl get disks`, `get discoveredvolumes`,
// `get blockdevices` decode as Talos's typed resources and list what the host's sysfs lists;
// `talosctl disks` (StorageService Disks) agrees; `talosctl wipe disk` is open to the maintenance reader
// but refused on this platform (FailedPrecondition), so nothing is written.

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/siderolabs/talos/pkg/machinery/api/storage"
	"github.com/siderolabs/talos/pkg/machinery/resources/block"
	"google.golang.org/grpc/codes"
)

const ipBlock = "127.0.0.40" // TestBlockResources

// hostDisks lists the whole disks the host's sysfs shows with a size, without device-mapper ones, as the
// Disks resources should.
func hostDisks(t *testing.T) []string {
	t.Helper()

	entries, err := os.ReadDir("/sys/class/block")
	if err != nil {
		t.Fatalf("reading /sys/class/block: %v", err)
	}

	var disks []string

	for _, e := range entries {
		dir := filepath.Join("/sys/class/block", e.Name())
		if _, err := os.Stat(filepath.Join(dir, "partition")); err == nil || strings.HasPrefix(e.Name(), "dm-") {
			continue
		}

		raw, err := os.ReadFile(filepath.Join(dir, "size"))
		if err != nil {
			continue
		}

		if n, _ := strconv.ParseUint(strings.TrimSpace(string(raw)), 10, 64); n > 0 { //nolint:errcheck
			disks = append(disks, e.Name())
		}
	}

	slices.Sort(disks)

	return disks
}

func TestBlockResources(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipBlock, t.TempDir())
	c := insecureClient(t, a.IP)
	want := hostDisks(t)

	var got []string

	deadline := time.Now().Add(30 * time.Second)

	for {
		disks, err := safe.StateListAll[*block.Disk](callCtx(t), c.COSI)
		if err != nil {
			t.Fatalf("listing Disks: %v", err)
		}

		got = got[:0]

		for d := range disks.All() {
			got = append(got, d.Metadata().ID())

			spec := d.TypedSpec()
			if spec.DevPath != "/dev/"+d.Metadata().ID() || spec.Size == 0 || spec.PrettySize == "" {
				t.Fatalf("disk %s: dev_path %q, size %d, pretty_size %q", d.Metadata().ID(), spec.DevPath, spec.Size, spec.PrettySize)
			}
		}

		if slices.Equal(got, want) || time.Now().After(deadline) {
			break
		}

		time.Sleep(500 * time.Millisecond)
	}

	if !slices.Equal(got, want) {
		t.Fatalf("Disks: got %v, the host's sysfs lists %v", got, want)
	}

	resp, err := c.Disks(callCtx(t))
	if err != nil {
		t.Fatalf("StorageService Disks: %v", err)
	}

	var listed []string

	for _, m := range resp.GetMessages() {
		for _, d := range m.GetDisks() {
			listed = append(listed, strings.TrimPrefix(d.GetDeviceName(), "/dev/"))

			if d.GetSystemDisk() {
				t.Errorf("%s is reported as the system disk of a container", d.GetDeviceName())
			}
		}
	}

	slices.Sort(listed)

	if !slices.Equal(listed, want) {
		t.Errorf("StorageService Disks: got %v, want %v", listed, want)
	}

	devices, err := safe.StateListAll[*block.Device](callCtx(t), c.COSI)
	if err != nil {
		t.Fatalf("listing BlockDevices: %v", err)
	}

	for _, id := range want {
		d, ok := devices.Find(func(d *block.Device) bool { return d.Metadata().ID() == id })
		if !ok || d.TypedSpec().Type != "disk" || d.TypedSpec().Generation < 1 {
			t.Errorf("BlockDevice %s missing or not a disk", id)
		}
	}

	if _, err := safe.StateListAll[*block.DiscoveredVolume](callCtx(t), c.COSI); err != nil {
		t.Fatalf("listing DiscoveredVolumes: %v", err)
	}

	if _, err := safe.StateListAll[*block.VolumeStatus](callCtx(t), c.COSI); err != nil {
		t.Fatalf("listing VolumeStatuses: %v", err)
	}

	if len(want) > 0 {
		err = c.BlockDeviceWipe(callCtx(t), &storage.BlockDeviceWipeRequest{
			Devices: []*storage.BlockDeviceWipeDescriptor{{Device: want[0]}},
		})
		expectCode(t, err, codes.FailedPrecondition, "BlockDeviceWipe on the container platform")
	}
}

package interop

import "testing"

// TestRestartKeepsConfiguration (f): an agent that was configured, stopped
// (SIGTERM) and started again on the same state dir comes up configured:
// mTLS works, the insecure client is refused.
func TestRestartKeepsConfiguration(t *testing.T) {
	t.Parallel()

	stateDir := t.TempDir()

	first := StartAgent(t, ipRestart, stateDir)
	g := genConfig(t, "interop", first.IP)

	applyInsecure(t, first.IP, g.ControlPlane)

	c := waitConfigured(t, first, g.Talosconfig, configuredTimeout)
	tagBefore := checkVersion(t, c, true)

	c.Close() //nolint:errcheck
	first.Stop()

	second := StartAgent(t, ipRestart, stateDir)

	c = waitConfigured(t, second, g.Talosconfig, configuredTimeout)

	tag := checkVersion(t, c, true)
	if tag != tagBefore {
		t.Fatalf("version tag changed across restart: %q → %q", tagBefore, tag)
	}

	checkCOSI(t, c, tag)
	requireInsecureRefused(t, second.IP)
}

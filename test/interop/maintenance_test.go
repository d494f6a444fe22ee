package interop

import (
	"testing"

	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"google.golang.org/grpc/codes"
)

// TestMaintenanceMode (a): an agent with an empty state dir serves the
// maintenance API: TLS without client certificates, every caller is a reader.
func TestMaintenanceMode(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipMaintenance, t.TempDir())

	// maintenance mode does not ask for a client certificate
	requireTLSAccepted(t, a.IP, nil, "maintenance TLS without a client certificate")

	c := insecureClient(t, a.IP)

	tag := checkVersion(t, c, false)

	// admin-only APIs are refused to the reader role of maintenance mode
	expectCode(t, c.Bootstrap(callCtx(t), &machine.BootstrapRequest{}), codes.PermissionDenied, "Bootstrap in maintenance mode")
	expectCode(t, c.Reboot(callCtx(t)), codes.PermissionDenied, "Reboot in maintenance mode")

	// COSI reads work: resource definitions and the version resource
	checkCOSI(t, c, tag)

	// a fresh insecure client still works afterwards
	checkVersion(t, insecureClient(t, a.IP), false)
}

package interop

import (
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/siderolabs/crypto/x509"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/role"
	"google.golang.org/grpc/codes"
)

// TestRoleBasedAccess (d): on a configured node the role comes from the
// Organization of the client certificate (issued by the OS CA):
// os:reader reads but cannot call admin or operator APIs, os:operator passes
// authorization for operator APIs, and a certificate from a foreign CA is
// refused at the TLS level.
func TestRoleBasedAccess(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipRoles, t.TempDir())
	g := genConfig(t, "interop", a.IP)

	applyInsecure(t, a.IP, g.ControlPlane)
	waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	ca := osCA(t, g.ControlPlaneConf)
	serverCA := talosconfigCA(t, g.Talosconfig)

	t.Run("reader", func(t *testing.T) {
		pair := issueClientCert(t, ca, role.Reader)
		requireTLSAccepted(t, a.IP, []tls.Certificate{tlsCert(t, pair)}, "TLS with an os:reader certificate")

		c := configClient(t, talosconfigFor(t, "reader", a.IP, serverCA, pair), a.IP)

		tag := checkVersion(t, c, true)
		checkCOSI(t, c, tag)

		expectCode(t, c.Bootstrap(callCtx(t), &machine.BootstrapRequest{}), codes.PermissionDenied, "os:reader Bootstrap")
		expectCode(t, c.Reboot(callCtx(t)), codes.PermissionDenied, "os:reader Reboot")

		_, err := c.ApplyConfiguration(callCtx(t), applyRequest(g.ControlPlane))
		expectCode(t, err, codes.PermissionDenied, "os:reader ApplyConfiguration on a configured node")

		checkVersion(t, c, true)
	})

	t.Run("operator", func(t *testing.T) {
		pair := issueClientCert(t, ca, role.Operator)
		c := configClient(t, talosconfigFor(t, "operator", a.IP, serverCA, pair), a.IP)

		checkVersion(t, c, true)

		// Shutdown is an operator API: authorization passes, and Talos then
		// refuses it because the platform is a container
		expectCode(t, c.Shutdown(callCtx(t)), codes.FailedPrecondition, "os:operator Shutdown in container mode")

		// admin-only APIs stay refused
		expectCode(t, c.Bootstrap(callCtx(t), &machine.BootstrapRequest{}), codes.PermissionDenied, "os:operator Bootstrap")

		_, err := c.ApplyConfiguration(callCtx(t), applyRequest(g.ControlPlane))
		expectCode(t, err, codes.PermissionDenied, "os:operator ApplyConfiguration")
	})

	t.Run("foreign CA", func(t *testing.T) {
		foreign, err := secrets.NewTalosCA(time.Now())
		if err != nil {
			t.Fatalf("creating a foreign CA: %v", err)
		}

		pair := issueClientCert(t, &x509.PEMEncodedCertificateAndKey{Crt: foreign.CrtPEM, Key: foreign.KeyPEM}, role.Admin)

		requireTLSRefused(t, a.IP, []tls.Certificate{tlsCert(t, pair)}, "TLS with an os:admin certificate from a foreign CA")

		c := configClient(t, talosconfigFor(t, "foreign", a.IP, serverCA, pair), a.IP)

		_, err = c.Version(callCtx(t))
		requireCode(t, err, codes.Unavailable, "Version with a certificate from a foreign CA")

		// as on Talos: the TLS alert that tells the user their talosconfig is wrong
		if !strings.Contains(err.Error(), "remote error: tls: unknown certificate authority") {
			t.Fatalf("Version with a certificate from a foreign CA: want the TLS alert unknown certificate authority, got: %v", err)
		}
	})

	// the node is still healthy for the admin
	checkVersion(t, configClient(t, g.Talosconfig, a.IP), true)
}

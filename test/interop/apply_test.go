package interop

import (
	"bytes"
	stdx509 "crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	machinetype "github.com/siderolabs/talos/pkg/machinery/config/machine"
	"go.yaml.in/yaml/v4"
	"google.golang.org/grpc/codes"
)

// TestGenConfigOutput: `talos-ts gen config` writes what `talosctl gen config`
// writes, in a form the official library loads and validates (container mode).
// No agent is started; 127.0.0.18 is only used as the cluster endpoint.
func TestGenConfigOutput(t *testing.T) {
	t.Parallel()

	g := genConfig(t, "interop", ipGenConfigOnly)

	cp := g.ControlPlaneConf

	if _, err := cp.Validate(containerMode{}); err != nil {
		t.Fatalf("controlplane.yaml does not validate (container mode) with the official library: %v", err)
	}

	if cp.Machine().Type() != machinetype.TypeControlPlane {
		t.Fatalf("controlplane.yaml: machine type %s, expected controlplane", cp.Machine().Type())
	}

	if got := cp.Cluster().Name(); got != "interop" {
		t.Fatalf("controlplane.yaml: cluster name %q, expected %q", got, "interop")
	}

	if got := cp.Cluster().Endpoint().String(); got != "https://"+ipGenConfigOnly+":6443" {
		t.Fatalf("controlplane.yaml: cluster endpoint %q, expected %q", got, "https://"+ipGenConfigOnly+":6443")
	}

	ca := osCA(t, cp)

	wk, err := configloader.NewFromBytes(g.Worker)
	if err != nil {
		t.Fatalf("official configloader cannot load worker.yaml: %v", err)
	}

	if wk.RawV1Alpha1() == nil {
		t.Fatalf("worker.yaml has no v1alpha1 document")
	}

	if _, err := wk.Validate(containerMode{}); err != nil {
		t.Fatalf("worker.yaml does not validate (container mode) with the official library: %v", err)
	}

	if wk.Machine().Type() != machinetype.TypeWorker {
		t.Fatalf("worker.yaml: machine type %s, expected worker", wk.Machine().Type())
	}

	if wca := wk.Machine().Security().IssuingCA(); wca == nil || len(wca.Key) != 0 || !samePEMCert(t, wca.Crt, ca.Crt) {
		t.Fatalf("worker.yaml: .machine.ca must hold the control plane's OS CA certificate and no key")
	}

	if wk.Machine().Security().Token() == "" || wk.Machine().Security().Token() != cp.Machine().Security().Token() {
		t.Fatalf("worker.yaml: .machine.token must equal the control plane's")
	}

	// talosconfig: current context named after the cluster, CA = OS CA, admin client certificate signed by it
	tc := g.Talosconfig

	if tc.Context != "interop" {
		t.Fatalf("talosconfig: current context %q, expected %q", tc.Context, "interop")
	}

	if !samePEMCert(t, talosconfigCA(t, tc), ca.Crt) {
		t.Fatalf("talosconfig: ca is not the OS CA of controlplane.yaml (.machine.ca.crt)")
	}

	crtPEM, err := base64.StdEncoding.DecodeString(tc.Contexts[tc.Context].Crt)
	if err != nil {
		t.Fatalf("talosconfig: crt is not base64: %v", err)
	}

	clientCrt := parsePEMCert(t, crtPEM)

	if !slices.Contains(clientCrt.Subject.Organization, "os:admin") {
		t.Fatalf("talosconfig: client certificate organizations %v, expected os:admin", clientCrt.Subject.Organization)
	}

	pool := stdx509.NewCertPool()
	pool.AddCert(parsePEMCert(t, ca.Crt))

	if _, err := clientCrt.Verify(stdx509.VerifyOptions{Roots: pool, KeyUsages: []stdx509.ExtKeyUsage{stdx509.ExtKeyUsageClientAuth}}); err != nil {
		t.Fatalf("talosconfig: client certificate does not verify as a client certificate against the OS CA: %v", err)
	}
}

// TestApplyConfigRejectsBadConfigs (b): invalid configs applied insecurely
// fail with codes.InvalidArgument and the node stays in maintenance mode.
func TestApplyConfigRejectsBadConfigs(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipBadConfigs, t.TempDir())
	g := genConfig(t, "interop", a.IP)
	good := g.ControlPlane

	cases := badConfigCases(t, good)

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.sane {
				// guard against a broken test case: the official library must reject it as well
				if err := officialVerdict(tc.data); err == nil {
					t.Fatalf("test case is not invalid: the official library loads and validates it")
				}
			}

			c := insecureClient(t, a.IP)

			want := codes.InvalidArgument
			if tc.code != codes.OK {
				want = tc.code
			}

			_, err := c.ApplyConfiguration(callCtx(t), applyRequest(tc.data))
			requireCode(t, err, want, "insecure ApplyConfiguration of a bad config ("+tc.name+")")

			// still in maintenance mode: a new insecure client works
			checkVersion(t, insecureClient(t, a.IP), false)
		})
	}

	// give a wrongly accepted config time to take effect, then check again
	time.Sleep(2 * time.Second)

	if a.Exited() {
		t.Fatalf("%s exited (%s) after the bad configs", a.Label, a.exitDesc())
	}

	requireTLSAccepted(t, a.IP, nil, "still maintenance mode after bad configs: TLS without a client certificate")
	checkVersion(t, insecureClient(t, a.IP), false)

	// positive control: the node still accepts the good config
	applyInsecure(t, a.IP, good)
}

// TestApplyConfigEndsMaintenance (b)+(c): a config generated by `talos-ts gen
// config` is accepted insecurely, maintenance mode ends, the talosconfig
// credentials work over mTLS and the insecure client is refused.
func TestApplyConfigEndsMaintenance(t *testing.T) {
	t.Parallel()

	a := StartAgent(t, ipApply, t.TempDir())
	g := genConfig(t, "interop", a.IP)

	checkVersion(t, insecureClient(t, a.IP), false)

	applyInsecure(t, a.IP, g.ControlPlane)

	// maintenance ends: mTLS with the talosconfig credentials (bounded retries while the listener restarts)
	c := waitConfigured(t, a, g.Talosconfig, configuredTimeout)

	// independent checks as subtests, so that one failure does not hide the others
	t.Run("mTLS Version and COSI", func(t *testing.T) {
		tag := checkVersion(t, c, true)
		checkCOSI(t, c, tag)
	})

	t.Run("talosconfig certificate accepted at TLS level", func(t *testing.T) {
		requireTLSAccepted(t, a.IP, talosconfigClientCert(t, g), "TLS with the talosconfig client certificate")
	})

	t.Run("insecure refused", func(t *testing.T) {
		requireInsecureRefused(t, a.IP)
	})

	t.Run("trustd TLS", func(t *testing.T) {
		// trustd answers TLS on :50001 with a certificate issued by the OS CA for this address
		requireTrustdTLS(t, a.IP, talosconfigCA(t, g.Talosconfig))
	})

	t.Run("admin Shutdown in container mode", func(t *testing.T) {
		// the admin passes authorization for Shutdown, which Talos refuses in container mode
		// (Reboot is carried out there: TestLifecycleWait)
		requireCode(t, c.Shutdown(callCtx(t)), codes.FailedPrecondition, "admin Shutdown in container mode")
	})

	t.Run("re-apply same config over mTLS", func(t *testing.T) {
		// re-applying the same config as admin (talosctl apply-config) succeeds without a reboot
		resp, err := c.ApplyConfiguration(callCtx(t), applyRequest(g.ControlPlane))
		if err != nil {
			t.Fatalf("ApplyConfiguration of the same config as admin over mTLS: %v", err)
		}

		if len(resp.GetMessages()) != 1 || resp.GetMessages()[0].GetMode() != machine.ApplyConfigurationRequest_NO_REBOOT {
			t.Fatalf("ApplyConfiguration of the same config (AUTO): expected one message with mode NO_REBOOT, got %v", resp.GetMessages())
		}

		// nothing changed, so (as in Talos) the API keeps serving on the same connection
		if _, err := c.Version(callCtx(t)); err != nil {
			t.Fatalf("Version right after re-applying the identical config failed (%v): the API must keep serving, "+
				"Talos does not restart apid when the config did not change", err)
		}
	})
}

func parsePEMCert(t *testing.T, data []byte) *stdx509.Certificate {
	t.Helper()

	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("not a PEM CERTIFICATE: %q", data)
	}

	crt, err := stdx509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("parse certificate: %v", err)
	}

	return crt
}

func samePEMCert(t *testing.T, a, b []byte) bool {
	t.Helper()

	return parsePEMCert(t, a).Equal(parsePEMCert(t, b))
}

// badConfig is an invalid variant of a good control plane config.
type badConfig struct {
	name string
	data []byte
	// sane: the official library rejects it too (false only for the size case)
	sane bool
	// code: the refusal expected (InvalidArgument unless set)
	code codes.Code
}

// badConfigCases derives the invalid configs from a good control plane config.
func badConfigCases(t *testing.T, good []byte) []badConfig {
	t.Helper()

	oversized := append(bytes.Clone(good), '\n')
	pad := "# " + strings.Repeat("x", 1021) + "\n" // 1 KiB comment lines

	for len(oversized) <= 32*1024*1024 {
		oversized = append(oversized, pad...)
	}

	return []badConfig{
		{
			name: "malformed YAML",
			data: []byte("version: v1alpha1\nmachine: {type: controlplane\n  token: [unterminated\n"),
			sane: true,
		},
		{
			name: "unknown kind",
			data: []byte("apiVersion: v1alpha1\nkind: InteropNoSuchConfig\nname: interop\n"),
			sane: true,
		},
		{
			name: "wrong type (machine.certSANs is a string, not a list)",
			data: editV1Alpha1(t, good, func(root *yaml.Node) {
				mapSet(mapPath(t, root, "machine"), "certSANs", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "not-a-list"})
			}),
			sane: true,
		},
		{
			name: "wrong type (machine is a string, not a mapping)",
			data: editV1Alpha1(t, good, func(root *yaml.Node) {
				mapSet(root, "machine", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "controlplane"})
			}),
			sane: true,
		},
		{
			name: "missing required field (cluster.controlPlane.endpoint)",
			data: editV1Alpha1(t, good, func(root *yaml.Node) {
				mapDelete(t, mapPath(t, root, "cluster", "controlPlane"), "endpoint")
			}),
			sane: true,
		},
		{
			name: "missing required field (machine.ca)",
			data: editV1Alpha1(t, good, func(root *yaml.Node) {
				mapDelete(t, mapPath(t, root, "machine"), "ca")
			}),
			sane: true,
		},
		{
			// past the API's 32 MiB message limit, the only size limit Talos has: refused by gRPC itself
			name: "oversized (valid config padded with comments past 32 MiB)",
			data: oversized,
			sane: false,
			code: codes.ResourceExhausted,
		},
	}
}

// officialVerdict loads and validates a config with the official library the
// way machined does for ApplyConfiguration (configloader + Validate, container mode).
func officialVerdict(data []byte) error {
	cfg, err := configloader.NewFromBytes(data)
	if err != nil {
		return err
	}

	_, err = cfg.Validate(containerMode{})

	return err
}

// TestBadConfigCasesAreInvalid checks the test cases themselves, without an
// agent: on a config generated by the official library, every bad variant
// except the oversized one is rejected by the official library, and the
// oversized one differs from the valid config only by comments.
func TestBadConfigCasesAreInvalid(t *testing.T) {
	t.Parallel()

	g := generateOfficial(t, "interop-cases", "https://"+ipGenConfigOnly+":6443")

	if err := officialVerdict(g.ControlPlane); err != nil {
		t.Fatalf("the official generated config does not validate in container mode: %v", err)
	}

	for _, tc := range badConfigCases(t, g.ControlPlane) {
		err := officialVerdict(tc.data)

		switch {
		case tc.sane && err == nil:
			t.Errorf("%s: the official library accepts it", tc.name)
		case tc.sane:
			t.Logf("%s: official library says: %v", tc.name, err)
		case err != nil:
			t.Errorf("%s: expected a valid config apart from its size, the official library says: %v", tc.name, err)
		case len(tc.data) <= 5*1024*1024:
			t.Errorf("%s: only %d bytes", tc.name, len(tc.data))
		}
	}
}

package interop

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/siderolabs/crypto/x509"
	machineapi "github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	clientconfig "github.com/siderolabs/talos/pkg/machinery/client/config"
	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/encoder"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/config/types/v1alpha1"
	configres "github.com/siderolabs/talos/pkg/machinery/resources/config"
	secretsres "github.com/siderolabs/talos/pkg/machinery/resources/secrets"
	"github.com/siderolabs/talos/pkg/machinery/role"
	"google.golang.org/grpc/codes"
)

// TestRotateCA: `talosctl rotate-ca --talos` against a control plane and a worker, making the calls
// talosctl's rotation makes (pkg/rotate/pki/talos is in Talos's main module, which cannot be built
// here): every node gets the new CA as accepted (old client), then the new CA issuing and the old one
// accepted (a client with the new certificate that still trusts the old server CA, through the
// connection it already has), then the old CA dropped (the new client); after each step every node
// answers Version through the control plane. At the end the old talosconfig is refused.
func TestRotateCA(t *testing.T) {
	t.Parallel()

	cp := StartAgent(t, ipRotateCP, t.TempDir())
	wk := StartAgent(t, ipRotateWorker, t.TempDir())
	nodes := []struct {
		ip           string
		controlPlane bool
	}{{cp.IP, true}, {wk.IP, false}}

	g := genConfig(t, "rotate", cp.IP)
	applyInsecure(t, cp.IP, g.ControlPlane)
	oldClient := waitConfigured(t, cp, g.Talosconfig, configuredTimeout)
	applyInsecure(t, wk.IP, g.Worker)
	waitConfigured(t, wk, g.Talosconfig, configuredTimeout)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)

	// what talosctl reads first: the current issuing CA, from the first control plane
	osRoot, err := safe.StateGetByID[*secretsres.OSRoot](client.WithNode(ctx, cp.IP), oldClient.COSI, secretsres.OSRootID)
	if err != nil {
		t.Fatalf("reading OSRoot: %v", err)
	}

	currentCA := osRoot.TypedSpec().IssuingCA.Crt
	if !bytes.Equal(currentCA, talosconfigCA(t, g.Talosconfig)) {
		t.Fatalf("OSRoot's issuing CA is not the talosconfig's CA")
	}

	newBundle, err := secrets.NewBundle(secrets.NewFixedClock(time.Now()), config.TalosVersionCurrent)
	if err != nil {
		t.Fatalf("new secrets bundle: %v", err)
	}

	newCA := newBundle.Certs.OS

	cert, err := (&secrets.Bundle{Clock: secrets.NewFixedClock(time.Now()), Certs: &secrets.Certs{OS: newCA}}).
		GenerateTalosAPIClientCertificate(role.MakeSet(role.Admin))
	if err != nil {
		t.Fatalf("new client certificate: %v", err)
	}

	endpoints := []string{cp.IP}
	intermediateClient := newClient(t, clientconfig.NewConfig("rotate", endpoints, currentCA, cert))
	rotatedClient := newClient(t, clientconfig.NewConfig("rotate", endpoints, newCA.Crt, cert))

	verify := func(c *client.Client, label string) {
		t.Helper()

		for _, n := range nodes {
			if err := retryUnavailable(ctx, func(ctx context.Context) error {
				_, err := c.Version(client.WithNode(ctx, n.ip))

				return err
			}); err != nil {
				t.Fatalf("%s: Version of %s: %v", label, n.ip, err)
			}
		}
	}

	patchAll := func(c *client.Client, label string, patch func(controlPlane bool, cfg *v1alpha1.Config)) {
		t.Helper()

		for _, n := range nodes {
			if err := retryUnavailable(ctx, func(ctx context.Context) error {
				return patchNode(ctx, c, n.ip, func(cfg *v1alpha1.Config) { patch(n.controlPlane, cfg) })
			}); err != nil {
				t.Fatalf("%s: patching %s: %v", label, n.ip, err)
			}
		}
	}

	verify(oldClient, "existing PKI")

	patchAll(oldClient, "new CA accepted", func(_ bool, cfg *v1alpha1.Config) {
		cfg.MachineConfig.MachineAcceptedCAs = append(cfg.MachineConfig.MachineAcceptedCAs, &x509.PEMEncodedCertificate{Crt: newCA.Crt})
	})
	verify(intermediateClient, "new client certificate, old server CA")
	verify(oldClient, "old client after the new CA is accepted")

	patchAll(intermediateClient, "new CA issuing", func(controlPlane bool, cfg *v1alpha1.Config) {
		cfg.MachineConfig.MachineAcceptedCAs = append(cfg.MachineConfig.MachineAcceptedCAs, &x509.PEMEncodedCertificate{Crt: currentCA})
		cfg.MachineConfig.MachineAcceptedCAs = slices.DeleteFunc(cfg.MachineConfig.MachineAcceptedCAs, func(ca *x509.PEMEncodedCertificate) bool {
			return bytes.Equal(ca.Crt, newCA.Crt)
		})

		if controlPlane {
			cfg.MachineConfig.MachineCA = newCA
		} else {
			cfg.MachineConfig.MachineCA = &x509.PEMEncodedCertificateAndKey{Crt: newCA.Crt}
		}
	})
	verify(rotatedClient, "new PKI")

	patchAll(rotatedClient, "old CA dropped", func(_ bool, cfg *v1alpha1.Config) {
		cfg.MachineConfig.MachineAcceptedCAs = slices.DeleteFunc(cfg.MachineConfig.MachineAcceptedCAs, func(ca *x509.PEMEncodedCertificate) bool {
			return bytes.Equal(ca.Crt, currentCA)
		})
	})
	verify(rotatedClient, "new PKI, old CA dropped")

	// the worker's apid now serves a certificate from the new CA, and the old talosconfig is refused
	osRoot, err = safe.StateGetByID[*secretsres.OSRoot](client.WithNode(ctx, wk.IP), rotatedClient.COSI, secretsres.OSRootID)
	if err != nil {
		t.Fatalf("reading the worker's OSRoot: %v", err)
	}

	if got := osRoot.TypedSpec().AcceptedCAs; len(got) != 1 || !bytes.Equal(got[0].Crt, newCA.Crt) {
		t.Fatalf("the worker's accepted CAs after the rotation: want only the new CA, got %d", len(got))
	}

	stale := configClient(t, g.Talosconfig, cp.IP)

	_, err = stale.Version(client.WithNode(callCtx(t), cp.IP))
	requireCode(t, err, codes.Unavailable, "the old talosconfig after the rotation")

	rotateKubernetesCA(t, ctx, rotatedClient, cp.IP, newBundle.Certs.K8s, patchAll)
}

// rotateKubernetesCA: the node side of `talosctl rotate-ca --kubernetes`, the same three config
// changes (accepted, issuing, old dropped), each applied without a reboot and visible in the control
// plane's KubernetesRoot and in the admin kubeconfig. (talosctl also waits for each kubelet to restart
// and for the Kubernetes nodes to be Ready; no kubelet or API server runs here.)
func rotateKubernetesCA(
	t *testing.T,
	ctx context.Context,
	c *client.Client,
	cpIP string,
	newCA *x509.PEMEncodedCertificateAndKey,
	patchAll func(c *client.Client, label string, patch func(controlPlane bool, cfg *v1alpha1.Config)),
) {
	t.Helper()

	root := func() *secretsres.KubernetesRootSpec {
		t.Helper()

		r, err := safe.StateGetByID[*secretsres.KubernetesRoot](client.WithNode(ctx, cpIP), c.COSI, secretsres.KubernetesRootID)
		if err != nil {
			t.Fatalf("reading KubernetesRoot: %v", err)
		}

		return r.TypedSpec()
	}
	accepted := func(spec *secretsres.KubernetesRootSpec) [][]byte {
		out := make([][]byte, 0, len(spec.AcceptedCAs))
		for _, ca := range spec.AcceptedCAs {
			out = append(out, ca.Crt)
		}

		return out
	}
	waitRoot := func(label string, ok func(*secretsres.KubernetesRootSpec) bool) {
		t.Helper()

		deadline := time.Now().Add(10 * time.Second)
		for !ok(root()) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: KubernetesRoot did not follow the config", label)
			}

			time.Sleep(100 * time.Millisecond)
		}
	}
	kubeconfigHas := func(ca []byte) bool {
		kc, err := c.Kubeconfig(client.WithNode(ctx, cpIP))
		if err != nil {
			t.Fatalf("Kubeconfig: %v", err)
		}

		m := regexp.MustCompile(`certificate-authority-data: (\S+)`).FindSubmatch(kc)
		if m == nil {
			t.Fatalf("Kubeconfig without certificate-authority-data:\n%s", kc)
		}

		bundle, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil {
			t.Fatalf("Kubeconfig: certificate-authority-data: %v", err)
		}

		return bytes.Contains(bundle, bytes.TrimSpace(ca))
	}

	currentCA := root().IssuingCA.Crt

	patchAll(c, "new Kubernetes CA accepted", func(_ bool, cfg *v1alpha1.Config) {
		cfg.ClusterConfig.ClusterAcceptedCAs = append(cfg.ClusterConfig.ClusterAcceptedCAs, &x509.PEMEncodedCertificate{Crt: newCA.Crt})
	})
	waitRoot("new Kubernetes CA accepted", func(s *secretsres.KubernetesRootSpec) bool {
		return slices.ContainsFunc(accepted(s), func(b []byte) bool { return bytes.Equal(b, newCA.Crt) }) &&
			bytes.Equal(s.IssuingCA.Crt, currentCA)
	})

	patchAll(c, "new Kubernetes CA issuing", func(controlPlane bool, cfg *v1alpha1.Config) {
		cfg.ClusterConfig.ClusterAcceptedCAs = append(cfg.ClusterConfig.ClusterAcceptedCAs, &x509.PEMEncodedCertificate{Crt: currentCA})
		cfg.ClusterConfig.ClusterAcceptedCAs = slices.DeleteFunc(cfg.ClusterConfig.ClusterAcceptedCAs, func(ca *x509.PEMEncodedCertificate) bool {
			return bytes.Equal(ca.Crt, newCA.Crt)
		})

		if controlPlane {
			cfg.ClusterConfig.ClusterCA = newCA
		} else {
			cfg.ClusterConfig.ClusterCA = &x509.PEMEncodedCertificateAndKey{Crt: newCA.Crt}
		}
	})
	waitRoot("new Kubernetes CA issuing", func(s *secretsres.KubernetesRootSpec) bool {
		return bytes.Equal(s.IssuingCA.Crt, newCA.Crt) &&
			slices.ContainsFunc(accepted(s), func(b []byte) bool { return bytes.Equal(b, currentCA) })
	})

	if !kubeconfigHas(newCA.Crt) || !kubeconfigHas(currentCA) {
		t.Fatalf("the admin kubeconfig does not trust both Kubernetes CAs during the rollover")
	}

	patchAll(c, "old Kubernetes CA dropped", func(_ bool, cfg *v1alpha1.Config) {
		cfg.ClusterConfig.ClusterAcceptedCAs = slices.DeleteFunc(cfg.ClusterConfig.ClusterAcceptedCAs, func(ca *x509.PEMEncodedCertificate) bool {
			return bytes.Equal(ca.Crt, currentCA)
		})
	})
	waitRoot("old Kubernetes CA dropped", func(s *secretsres.KubernetesRootSpec) bool {
		return !slices.ContainsFunc(accepted(s), func(b []byte) bool { return bytes.Equal(b, currentCA) })
	})

	if kubeconfigHas(currentCA) || !kubeconfigHas(newCA.Crt) {
		t.Fatalf("the admin kubeconfig after the rollover: want only the new Kubernetes CA")
	}
}

func newClient(t *testing.T, cfg *clientconfig.Config) *client.Client {
	t.Helper()

	c, err := client.New(context.Background(), client.WithConfig(cfg), client.WithDefaultGRPCDialOptions())
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}

	t.Cleanup(func() { c.Close() }) //nolint:errcheck

	return c
}

// retryUnavailable retries fn for up to 10 s while it fails with Unavailable or Canceled, as
// talosctl's rotation does (a node's apid takes a moment to switch certificates).
func retryUnavailable(ctx context.Context, fn func(ctx context.Context) error) error {
	deadline := time.Now().Add(10 * time.Second)

	for {
		callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := fn(callCtx)

		cancel()

		code := client.StatusCode(err)
		if err == nil || (code != codes.Unavailable && code != codes.Canceled) || time.Now().After(deadline) {
			return err
		}

		time.Sleep(100 * time.Millisecond)
	}
}

// patchNode reads the node's active config over COSI, patches it and applies it without a reboot,
// as talosctl's rotation does.
func patchNode(ctx context.Context, c *client.Client, node string, patch func(cfg *v1alpha1.Config)) error {
	ctx = client.WithNode(ctx, node)

	mc, err := safe.StateGetByID[*configres.MachineConfig](ctx, c.COSI, configres.ActiveID)
	if err != nil {
		return fmt.Errorf("error fetching config resource: %w", err)
	}

	patched, err := mc.Provider().PatchV1Alpha1(func(cfg *v1alpha1.Config) error {
		patch(cfg)

		return nil
	})
	if err != nil {
		return fmt.Errorf("error patching config: %w", err)
	}

	data, err := patched.EncodeBytes(encoder.WithComments(encoder.CommentsDocs | encoder.CommentsExamples))
	if err != nil {
		return fmt.Errorf("error serializing config: %w", err)
	}

	resp, err := c.ApplyConfiguration(ctx, &machineapi.ApplyConfigurationRequest{
		Data: data,
		Mode: machineapi.ApplyConfigurationRequest_NO_REBOOT,
	})
	if err != nil {
		return fmt.Errorf("error applying config: %w", err)
	}

	if got := resp.GetMessages()[0].GetMode(); got != machineapi.ApplyConfigurationRequest_NO_REBOOT {
		return fmt.Errorf("applied in mode %s", got)
	}

	return nil
}

package interop

// Shared helpers: generating configs with talos-ts, issuing client
// certificates, and the Version / COSI checks used by several tests.

import (
	"context"
	"crypto/tls"
	stdx509 "crypto/x509"
	"encoding/base64"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/blang/semver/v4"
	"github.com/cosi-project/runtime/pkg/resource"
	"github.com/cosi-project/runtime/pkg/resource/meta"
	cosiprotobuf "github.com/cosi-project/runtime/pkg/resource/protobuf"
	"github.com/cosi-project/runtime/pkg/safe"
	"github.com/cosi-project/runtime/pkg/state"
	"github.com/siderolabs/crypto/x509"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/client"
	clientconfig "github.com/siderolabs/talos/pkg/machinery/client/config"
	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/constants"
	runtimeres "github.com/siderolabs/talos/pkg/machinery/resources/runtime"
	"github.com/siderolabs/talos/pkg/machinery/role"
	"go.yaml.in/yaml/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"
)

// containerMode is the validation.RuntimeMode of the agent (--platform container),
// the same answers Talos' runtime.ModeContainer gives.
type containerMode struct{}

func (containerMode) String() string        { return "container" }
func (containerMode) RequiresInstall() bool { return false }
func (containerMode) InContainer() bool     { return true }

// generatedConfig is the output of `talos-ts gen config` (or of machinery's generator).
type generatedConfig struct {
	Dir              string
	ControlPlane     []byte
	Worker           []byte
	TalosconfigPath  string
	Talosconfig      *clientconfig.Config
	ControlPlaneConf config.Provider
}

// genConfig runs `node <bin> gen config <cluster> https://<endpointIP>:6443 --output-dir <tmp>`
// and loads the three files it must write.
func genConfig(t *testing.T, cluster, endpointIP string) *generatedConfig {
	t.Helper()

	mustLoopback(t, endpointIP)

	dir := t.TempDir()
	endpoint := "https://" + endpointIP + ":6443"

	runCmd(t, 60*time.Second, nodeBinary(t), agentBinary(t), "gen", "config", cluster, endpoint, "--output-dir", dir)

	return loadGeneratedConfig(t, dir)
}

// loadGeneratedConfig reads controlplane.yaml, worker.yaml and talosconfig from dir.
func loadGeneratedConfig(t *testing.T, dir string) *generatedConfig {
	t.Helper()

	g := &generatedConfig{Dir: dir, TalosconfigPath: filepath.Join(dir, "talosconfig")}

	var err error

	if g.ControlPlane, err = os.ReadFile(filepath.Join(dir, "controlplane.yaml")); err != nil {
		t.Fatalf("gen config did not write controlplane.yaml: %v", err)
	}

	if g.Worker, err = os.ReadFile(filepath.Join(dir, "worker.yaml")); err != nil {
		t.Fatalf("gen config did not write worker.yaml: %v", err)
	}

	// exactly how talosctl loads --talosconfig
	if g.Talosconfig, err = clientconfig.Open(g.TalosconfigPath); err != nil {
		t.Fatalf("clientconfig.Open(%s): %v", g.TalosconfigPath, err)
	}

	if g.ControlPlaneConf, err = configloader.NewFromBytes(g.ControlPlane); err != nil {
		t.Fatalf("official configloader cannot load controlplane.yaml: %v", err)
	}

	if g.ControlPlaneConf.RawV1Alpha1() == nil {
		t.Fatalf("controlplane.yaml has no v1alpha1 document")
	}

	return g
}

// osCA returns the Talos API (OS) CA certificate and key from a control plane config (.machine.ca).
func osCA(t *testing.T, cfg config.Provider) *x509.PEMEncodedCertificateAndKey {
	t.Helper()

	if cfg.RawV1Alpha1() == nil || cfg.Machine() == nil {
		t.Fatalf("control plane config has no v1alpha1 machine section")
	}

	ca := cfg.Machine().Security().IssuingCA()
	if ca == nil || len(ca.Crt) == 0 || len(ca.Key) == 0 {
		t.Fatalf("control plane config has no .machine.ca crt+key")
	}

	return ca
}

// issueClientCert issues a Talos API client certificate with the given roles
// (as Organization, e.g. "os:reader") signed by ca, the same way Talos issues
// the admin certificate of talosconfig (secrets.NewAdminCertificateAndKey).
func issueClientCert(t *testing.T, ca *x509.PEMEncodedCertificateAndKey, roles ...role.Role) *x509.PEMEncodedCertificateAndKey {
	t.Helper()

	crt, err := secrets.NewAdminCertificateAndKey(time.Now(), ca, role.MakeSet(roles...), time.Hour)
	if err != nil {
		t.Fatalf("issuing client certificate %v: %v", roles, err)
	}

	return crt
}

// tlsCert converts a PEM certificate+key to a tls.Certificate.
func tlsCert(t *testing.T, pair *x509.PEMEncodedCertificateAndKey) tls.Certificate {
	t.Helper()

	crt, err := tls.X509KeyPair(pair.Crt, pair.Key)
	if err != nil {
		t.Fatalf("tls.X509KeyPair: %v", err)
	}

	return crt
}

// talosconfigFor builds a talosconfig with the given server CA and client certificate.
func talosconfigFor(t *testing.T, context string, ip string, caCrt []byte, pair *x509.PEMEncodedCertificateAndKey) *clientconfig.Config {
	t.Helper()

	return clientconfig.NewConfig(context, []string{ip}, caCrt, pair)
}

// talosconfigCA returns the decoded CA of the talosconfig's current context.
func talosconfigCA(t *testing.T, cfg *clientconfig.Config) []byte {
	t.Helper()

	ctx, ok := cfg.Contexts[cfg.Context]
	if !ok {
		t.Fatalf("talosconfig: current context %q not found", cfg.Context)
	}

	ca, err := base64.StdEncoding.DecodeString(ctx.CA)
	if err != nil || len(ca) == 0 {
		t.Fatalf("talosconfig: context %q has no usable ca: %v", cfg.Context, err)
	}

	return ca
}

// applyRequest is what `talosctl apply-config` sends with default flags
// (--mode auto, no --dry-run, --timeout constants.ConfigTryTimeout).
func applyRequest(data []byte) *machine.ApplyConfigurationRequest {
	return &machine.ApplyConfigurationRequest{
		Data:           data,
		Mode:           machine.ApplyConfigurationRequest_AUTO,
		DryRun:         false,
		TryModeTimeout: durationpb.New(constants.ConfigTryTimeout),
	}
}

// applyInsecure applies data through a fresh `talosctl apply-config --insecure`
// client and asserts success with the maintenance-mode answer of Talos
// (AUTO resolves to NO_REBOOT in maintenance).
func applyInsecure(t *testing.T, ip string, data []byte) {
	t.Helper()

	c := insecureClient(t, ip)

	resp, err := c.ApplyConfiguration(callCtx(t), applyRequest(data))
	if err != nil {
		t.Fatalf("insecure ApplyConfiguration on %s failed: %v", ip, err)
	}

	if len(resp.GetMessages()) != 1 {
		t.Fatalf("ApplyConfiguration: expected exactly 1 message, got %d", len(resp.GetMessages()))
	}

	if got := resp.GetMessages()[0].GetMode(); got != machine.ApplyConfigurationRequest_NO_REBOOT {
		t.Fatalf("ApplyConfiguration in maintenance with mode AUTO: expected mode NO_REBOOT (as Talos), got %s", got)
	}

	t.Logf("ApplyConfiguration on %s: mode %s, details %q", ip, resp.GetMessages()[0].GetMode(), resp.GetMessages()[0].GetModeDetails())
}

// checkVersion calls Version and checks the answer; it returns the tag.
func checkVersion(t *testing.T, c *client.Client, configured bool) string {
	t.Helper()

	resp, err := c.Version(callCtx(t))
	if err != nil {
		t.Fatalf("Version: %v", err)
	}

	if len(resp.GetMessages()) != 1 {
		t.Fatalf("Version: expected exactly 1 message, got %d", len(resp.GetMessages()))
	}

	msg := resp.GetMessages()[0]

	v := msg.GetVersion()
	if v == nil || v.GetTag() == "" {
		t.Fatalf("Version: empty version tag in %v", msg)
	}

	// talosctl (helpers.ClientVersionCheck, used by `talosctl get`) parses the tag with semver.ParseTolerant
	if _, err := semver.ParseTolerant(v.GetTag()); err != nil {
		t.Fatalf("Version: tag %q does not parse as semver (talosctl get would fail): %v", v.GetTag(), err)
	}

	if v.GetOs() != "linux" {
		t.Fatalf("Version: os = %q, expected %q", v.GetOs(), "linux")
	}

	if v.GetArch() != runtime.GOARCH {
		t.Fatalf("Version: arch = %q, expected %q (Go's GOARCH naming, as Talos reports it)", v.GetArch(), runtime.GOARCH)
	}

	p := msg.GetPlatform()
	if p == nil {
		t.Fatalf("Version: no platform info")
	}

	if p.GetName() != "container" || p.GetMode() != "container" {
		t.Fatalf("Version: platform = {name %q, mode %q}, expected {name \"container\", mode \"container\"}", p.GetName(), p.GetMode())
	}

	if configured && !msg.GetFeatures().GetRbac() {
		t.Fatalf("Version on a configured node: features.rbac should be true (as Talos reports once configured), got %v", msg.GetFeatures())
	}

	t.Logf("Version: tag %s, sha %s, platform %s/%s", v.GetTag(), v.GetSha(), p.GetName(), p.GetMode())

	return v.GetTag()
}

// requiredRDs are the resource definitions every agent must register: ID
// (COSI: strings.ToLower(type)) → type and default namespace.
var requiredRDs = map[string]struct {
	typ, defaultNamespace string
}{
	"namespaces.meta.cosi.dev":          {"Namespaces.meta.cosi.dev", "meta"},
	"resourcedefinitions.meta.cosi.dev": {"ResourceDefinitions.meta.cosi.dev", "meta"},
	"versions.runtime.talos.dev":        {"Versions.runtime.talos.dev", "runtime"},
	"machinestatuses.runtime.talos.dev": {"MachineStatuses.runtime.talos.dev", "runtime"},
}

// checkCOSI lists the resource definitions (typed and raw, as `talosctl get rd`
// does), resolves aliases as `talosctl get` does, and reads the version
// resource, comparing it with the Version API tag.
func checkCOSI(t *testing.T, c *client.Client, tag string) {
	t.Helper()

	rdMD := resource.NewMetadata(meta.NamespaceName, meta.ResourceDefinitionType, "", resource.VersionUndefined)

	// typed: the protobuf spec must decode into meta.ResourceDefinition
	list, err := c.COSI.List(callCtx(t), rdMD)
	if err != nil {
		t.Fatalf("COSI List %s in namespace %s: %v", meta.ResourceDefinitionType, meta.NamespaceName, err)
	}

	found := map[string]*meta.ResourceDefinition{}

	for _, r := range list.Items {
		rd, ok := r.(*meta.ResourceDefinition)
		if !ok {
			t.Fatalf("COSI List: item %s is %T, expected *meta.ResourceDefinition (protobuf spec missing or undecodable?)", r.Metadata(), r)
		}

		if rd.Metadata().Namespace() != meta.NamespaceName || rd.Metadata().Type() != meta.ResourceDefinitionType {
			t.Fatalf("COSI List: item has metadata %s, expected namespace %q type %q", rd.Metadata(), meta.NamespaceName, meta.ResourceDefinitionType)
		}

		if want := strings.ToLower(rd.TypedSpec().Type); rd.Metadata().ID() != want {
			t.Fatalf("COSI List: resource definition of type %q has ID %q, COSI uses %q", rd.TypedSpec().Type, rd.Metadata().ID(), want)
		}

		found[rd.Metadata().ID()] = rd
	}

	for id, want := range requiredRDs {
		rd, ok := found[id]
		if !ok {
			ids := make([]string, 0, len(found))
			for k := range found {
				ids = append(ids, k)
			}

			t.Fatalf("COSI List: resource definition %q missing; got %v", id, ids)
		}

		if rd.TypedSpec().Type != want.typ || rd.TypedSpec().DefaultNamespace != want.defaultNamespace {
			t.Fatalf("resource definition %q: type %q default namespace %q, expected %q / %q",
				id, rd.TypedSpec().Type, rd.TypedSpec().DefaultNamespace, want.typ, want.defaultNamespace)
		}
	}

	// raw: `talosctl get rd -o yaml` prints the YAML spec
	rawList, err := c.COSI.List(callCtx(t), rdMD, state.WithListUnmarshalOptions(state.WithSkipProtobufUnmarshal()))
	if err != nil {
		t.Fatalf("COSI List (raw) of resource definitions: %v", err)
	}

	var sawVersionsYAML bool

	for _, r := range rawList.Items {
		if r.Metadata().ID() != "versions.runtime.talos.dev" {
			continue
		}

		spec := yamlSpec(t, r)

		var rdSpec meta.ResourceDefinitionSpec
		if err := yaml.Unmarshal([]byte(spec), &rdSpec); err != nil {
			t.Fatalf("YAML spec of versions.runtime.talos.dev does not parse: %v\n%s", err, spec)
		}

		if rdSpec.Type != "Versions.runtime.talos.dev" || rdSpec.DefaultNamespace != "runtime" {
			t.Fatalf("YAML spec of versions.runtime.talos.dev: type %q defaultNamespace %q\n%s", rdSpec.Type, rdSpec.DefaultNamespace, spec)
		}

		sawVersionsYAML = true
	}

	if !sawVersionsYAML {
		t.Fatalf("COSI List (raw): versions.runtime.talos.dev missing")
	}

	// `talosctl get <alias>` resolves the type through ResolveResourceKind (aliases as computed by COSI)
	for alias, wantType := range map[string]string{
		"rd":                         "ResourceDefinitions.meta.cosi.dev",
		"version":                    "Versions.runtime.talos.dev",
		"machinestatus":              "MachineStatuses.runtime.talos.dev",
		"Versions.runtime.talos.dev": "Versions.runtime.talos.dev",
	} {
		var ns resource.Namespace

		rd, err := c.ResolveResourceKind(callCtx(t), &ns, alias)
		if err != nil {
			t.Fatalf("ResolveResourceKind(%q) (as `talosctl get %s`): %v", alias, alias, err)
		}

		if rd.TypedSpec().Type != wantType {
			t.Fatalf("ResolveResourceKind(%q): got type %q, expected %q", alias, rd.TypedSpec().Type, wantType)
		}
	}

	// the version resource, typed
	v, err := safe.StateGet[*runtimeres.Version](callCtx(t), c.COSI, runtimeres.NewVersion().Metadata())
	if err != nil {
		t.Fatalf("COSI Get %s/%s/version: %v", runtimeres.NamespaceName, runtimeres.VersionType, err)
	}

	if v.TypedSpec().Version != tag {
		t.Fatalf("COSI version resource: spec.version = %q, expected the Version API tag %q", v.TypedSpec().Version, tag)
	}

	// and raw, as `talosctl get version -o yaml` shows it
	raw, err := c.COSI.Get(callCtx(t),
		resource.NewMetadata("runtime", "Versions.runtime.talos.dev", "version", resource.VersionUndefined),
		state.WithGetUnmarshalOptions(state.WithSkipProtobufUnmarshal()))
	if err != nil {
		t.Fatalf("COSI Get (raw) runtime/Versions.runtime.talos.dev/version: %v", err)
	}

	var vspec struct {
		Version string `yaml:"version"`
	}

	spec := yamlSpec(t, raw)
	if err := yaml.Unmarshal([]byte(spec), &vspec); err != nil || vspec.Version != tag {
		t.Fatalf("YAML spec of the version resource: expected version %q, got %q (err %v)\n%s", tag, vspec.Version, err, spec)
	}
}

// yamlSpec returns the YAML spec of a raw (not unmarshaled) COSI resource.
func yamlSpec(t *testing.T, r resource.Resource) string {
	t.Helper()

	pr, ok := r.(*cosiprotobuf.Resource)
	if !ok {
		t.Fatalf("raw COSI resource %s is %T, expected *protobuf.Resource", r.Metadata(), r)
	}

	m, err := pr.Marshal()
	if err != nil {
		t.Fatalf("marshal %s: %v", r.Metadata(), err)
	}

	if m.GetSpec().GetYamlSpec() == "" {
		t.Fatalf("COSI resource %s has an empty YAML spec (talosctl get prints it)", r.Metadata())
	}

	return m.GetSpec().GetYamlSpec()
}

// requireInsecureRefused asserts that a configured agent refuses the
// `talosctl --insecure` client: at the TLS level (a client certificate is
// required) and therefore with codes.Unavailable at the gRPC level.
func requireInsecureRefused(t *testing.T, ip string) {
	t.Helper()

	requireTLSRefused(t, ip, nil, "TLS without a client certificate")

	c := insecureClient(t, ip)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	_, err := c.Version(ctx)
	requireCode(t, err, codes.Unavailable, "insecure Version on a configured node")
}

// talosconfigClientCert returns the client certificate of the talosconfig's current context.
func talosconfigClientCert(t *testing.T, g *generatedConfig) []tls.Certificate {
	t.Helper()

	crt, err := client.CertificateFromConfigContext(g.Talosconfig.Contexts[g.Talosconfig.Context])
	if err != nil || crt == nil {
		t.Fatalf("talosconfig: no usable client certificate: %v", err)
	}

	return []tls.Certificate{*crt}
}

// requireTrustdTLS asserts that ip:50001 completes a TLS handshake with a
// server certificate that verifies against the OS CA for the IP address ip.
func requireTrustdTLS(t *testing.T, ip string, caPEM []byte) {
	t.Helper()

	pool := stdx509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("OS CA PEM does not parse")
	}

	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 3 * time.Second}, "tcp", trustdAddr(ip), &tls.Config{
		RootCAs:    pool,
		ServerName: ip,
		NextProtos: []string{"h2"},
	})
	if err != nil {
		t.Fatalf("trustd on %s: TLS handshake verifying the server certificate against the OS CA failed: %v", trustdAddr(ip), err)
	}

	conn.Close() //nolint:errcheck
}

// Command flannel is the CNI plugin that goes with flanneld (the `flannel` entry of flannel's
// 10-flannel.conflist). flannel-io/cni-plugin, the plugin Talos ships, is not served by the Go module
// proxy, so talos-ts builds this one: it reads the subnet flanneld leased for this node from
// /run/flannel/subnet.env, hands the pod to the bridge plugin with host-local addresses from that
// subnet, and remembers what it delegated (under /var/lib/cni/flannel) so DEL can undo it.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/containernetworking/cni/pkg/invoke"
	"github.com/containernetworking/cni/pkg/skel"
	"github.com/containernetworking/cni/pkg/types"
	"github.com/containernetworking/cni/pkg/version"
)

const (
	defaultSubnetFile = "/run/flannel/subnet.env"
	defaultDataDir    = "/var/lib/cni/flannel"
)

// netConf is the plugin's entry in the network configuration list.
type netConf struct {
	types.NetConf
	SubnetFile string         `json:"subnetFile"`
	DataDir    string         `json:"dataDir"`
	Delegate   map[string]any `json:"delegate"`
}

// subnetEnv is what flanneld wrote about this node's lease.
type subnetEnv struct {
	networks []string
	subnets  []string
	mtu      int
	ipMasq   bool
}

func loadNetConf(data []byte) (*netConf, error) {
	conf := &netConf{SubnetFile: defaultSubnetFile, DataDir: defaultDataDir}
	if err := json.Unmarshal(data, conf); err != nil {
		return nil, fmt.Errorf("failed to parse the network configuration: %w", err)
	}
	return conf, nil
}

func readSubnetEnv(path string) (*subnetEnv, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("flanneld has not written %s yet: %w", path, err)
	}
	defer f.Close()
	env := &subnetEnv{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		key, value, ok := strings.Cut(strings.TrimSpace(scanner.Text()), "=")
		if !ok {
			continue
		}
		switch key {
		case "FLANNEL_NETWORK", "FLANNEL_IPV6_NETWORK":
			env.networks = append(env.networks, value)
		case "FLANNEL_SUBNET", "FLANNEL_IPV6_SUBNET":
			// flanneld writes the node's first address (10.244.0.1/24); host-local wants the network
			// (Debian's 1.1.1 refuses a range with host bits set).
			_, network, err := net.ParseCIDR(value)
			if err != nil {
				return nil, fmt.Errorf("bad %s %q in %s", key, value, path)
			}
			env.subnets = append(env.subnets, network.String())
		case "FLANNEL_MTU":
			if env.mtu, err = strconv.Atoi(value); err != nil {
				return nil, fmt.Errorf("bad FLANNEL_MTU %q in %s", value, path)
			}
		case "FLANNEL_IPMASQ":
			env.ipMasq = value == "true"
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	if len(env.subnets) == 0 || len(env.networks) == 0 {
		return nil, fmt.Errorf("%s names no FLANNEL_SUBNET or FLANNEL_NETWORK", path)
	}
	return env, nil
}

// delegateConf is the bridge plugin's configuration for one pod: the user's delegate settings, with the
// lease's MTU and masquerading, and host-local addresses from the node's subnets.
func delegateConf(conf *netConf, env *subnetEnv) ([]byte, error) {
	d := map[string]any{}
	for k, v := range conf.Delegate {
		d[k] = v
	}
	if _, ok := d["type"]; !ok {
		d["type"] = "bridge"
	}
	if _, ok := d["ipMasq"]; !ok {
		// flanneld masquerades itself when it was started with --ip-masq.
		d["ipMasq"] = !env.ipMasq
	}
	if _, ok := d["mtu"]; !ok && env.mtu > 0 {
		d["mtu"] = env.mtu
	}
	if d["type"] == "bridge" {
		if _, ok := d["isGateway"]; !ok {
			d["isGateway"] = true
		}
	}
	ranges := make([][]map[string]string, 0, len(env.subnets))
	for _, s := range env.subnets {
		ranges = append(ranges, []map[string]string{{"subnet": s}})
	}
	routes := make([]map[string]string, 0, len(env.networks))
	for _, n := range env.networks {
		routes = append(routes, map[string]string{"dst": n})
	}
	d["ipam"] = map[string]any{"type": "host-local", "ranges": ranges, "routes": routes}
	d["name"] = conf.Name
	d["cniVersion"] = conf.CNIVersion
	return json.Marshal(d)
}

func saved(conf *netConf, containerID string) string {
	return filepath.Join(conf.DataDir, containerID)
}

func save(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func cmdAdd(args *skel.CmdArgs) error {
	conf, err := loadNetConf(args.StdinData)
	if err != nil {
		return err
	}
	env, err := readSubnetEnv(conf.SubnetFile)
	if err != nil {
		return err
	}
	data, err := delegateConf(conf, env)
	if err != nil {
		return err
	}
	if err := save(saved(conf, args.ContainerID), data); err != nil {
		return fmt.Errorf("cannot keep the delegate configuration: %w", err)
	}
	var delegate struct{ Type string }
	_ = json.Unmarshal(data, &delegate)
	result, err := invoke.DelegateAdd(contextOf(), delegate.Type, data, nil)
	if err != nil {
		return err
	}
	return types.PrintResult(result, conf.CNIVersion)
}

func cmdDel(args *skel.CmdArgs) error {
	conf, err := loadNetConf(args.StdinData)
	if err != nil {
		return err
	}
	path := saved(conf, args.ContainerID)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // never added, or already deleted: DEL must succeed
	}
	if err != nil {
		return err
	}
	var delegate struct{ Type string }
	if err := json.Unmarshal(data, &delegate); err != nil {
		return fmt.Errorf("bad saved configuration %s: %w", path, err)
	}
	if err := invoke.DelegateDel(contextOf(), delegate.Type, data, nil); err != nil {
		return err
	}
	return os.Remove(path)
}

func cmdCheck(args *skel.CmdArgs) error {
	conf, err := loadNetConf(args.StdinData)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(saved(conf, args.ContainerID))
	if err != nil {
		return err
	}
	var delegate struct{ Type string }
	if err := json.Unmarshal(data, &delegate); err != nil {
		return err
	}
	return invoke.DelegateCheck(contextOf(), delegate.Type, data, nil)
}

func main() {
	skel.PluginMainFuncs(
		skel.CNIFuncs{Add: cmdAdd, Del: cmdDel, Check: cmdCheck},
		version.All,
		"flannel CNI plugin (talos-ts)",
	)
}

// Talos v1.13.9's Kubernetes defaults (its constants package): versions, images, subnets and ports a
// machine config leaves unset. One place for the controllers, the services, `talos-ts gen` and
// `talos-ts images`.

/** constants.DefaultKubernetesVersion */
export const DEFAULT_KUBERNETES_VERSION = '1.36.3';
export const DEFAULT_APISERVER_IMAGE = `registry.k8s.io/kube-apiserver:v${DEFAULT_KUBERNETES_VERSION}`;
export const DEFAULT_CONTROLLER_MANAGER_IMAGE = `registry.k8s.io/kube-controller-manager:v${DEFAULT_KUBERNETES_VERSION}`;
export const DEFAULT_SCHEDULER_IMAGE = `registry.k8s.io/kube-scheduler:v${DEFAULT_KUBERNETES_VERSION}`;
export const DEFAULT_PROXY_IMAGE = `registry.k8s.io/kube-proxy:v${DEFAULT_KUBERNETES_VERSION}`;
/** constants.KubeletImage:v DefaultKubernetesVersion */
export const DEFAULT_KUBELET_IMAGE = `ghcr.io/siderolabs/kubelet:v${DEFAULT_KUBERNETES_VERSION}`;
/** constants.EtcdImage:DefaultEtcdVersion */
export const DEFAULT_ETCD_IMAGE = 'registry.k8s.io/etcd:v3.6.12';
export const DEFAULT_COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.14.6';
/**
 * Talos's mirror of flannel. Talos v1.13.9 pins 0.28.8 (constants.FlannelVersion), which the Go module
 * proxy does not serve; `make k8s-images` builds 0.28.10, the closest served release, under this tag.
 */
export const FLANNEL_IMAGE = 'ghcr.io/siderolabs/flannel:0.28.10';
export const KUBE_NETWORK_POLICIES_IMAGE = 'registry.k8s.io/networking/kube-network-policies:v1.1.0';
/** Talos's pause image (the default of its containerd 2.x; containerd 1.6's own would be pause:3.6). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.1';

export const DEFAULT_POD_SUBNET = '10.244.0.0/16';
export const DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';
export const DEFAULT_DNS_DOMAIN = 'cluster.local';
export const DEFAULT_KUBEPRISM_PORT = 7445;
/** The port kube-apiserver listens on on a control-plane node (cluster.controlPlane.localAPIServerPort). */
export const DEFAULT_LOCAL_APISERVER_PORT = 6443;

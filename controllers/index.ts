// Every controller machined runs, in one list.
import type { Controller } from '../src/controller-runtime';
import { MachineTypeController } from './config/machine-type';
import { RegistriesConfigController } from './cri/registries-config';
import { CRIRegistryConfigController } from './files/cri-registry-config';
import { TrustedRootsController } from './files/trusted-roots';
import { EndpointController as ClusterEndpointController } from './cluster/endpoint';
import { EtcdAffiliateController } from './cluster/etcd-affiliate';
import { LocalAffiliateController } from './cluster/local-affiliate';
import { MemberController } from './cluster/member';
import { InfoController as ClusterInfoController } from './cluster/info';
import { StaticEndpointController } from './k8s/static-endpoint';
import { CA_BUNDLE, IMAGE_CA_BUNDLE } from '../src/files/ca-bundle';
import { ConfigController as EtcdConfigController } from './etcd/config';
import { SpecController as EtcdSpecController } from './etcd/spec';
import { MemberController as EtcdMemberController } from './etcd/member';
import { ControlPlaneAdmissionControlController } from './k8s/admission-control-config';
import { ControlPlaneAPIServerController } from './k8s/apiserver-config';
import { ControlPlaneAuditPolicyController } from './k8s/audit-policy-config';
import { ControlPlaneAuthorizationController } from './k8s/authorization-config';
import { ControlPlaneBootstrapManifestsController } from './k8s/bootstrap-manifests-config';
import { ControlPlaneControllerManagerController } from './k8s/controller-manager-config';
import { ControlPlaneExtraManifestsController } from './k8s/extra-manifests-config';
import { ControlPlaneSchedulerController } from './k8s/scheduler-config';
import { ControlPlaneStaticPodController } from './k8s/control-plane-static-pod';
import { KubeletConfigController } from './k8s/kubelet-config';
import { KubeletStaticPodController } from './k8s/static-pod-status';
import { ManifestController } from './k8s/manifest';
import { ManifestApplyController } from './k8s/manifest-apply';
import { ExtraManifestController } from './k8s/extra-manifest';
import { RenderConfigsStaticPodController } from './k8s/config-status';
import { RenderSecretsStaticPodController } from './k8s/secrets-status';
import { StaticPodConfigController } from './k8s/config-static-pod';
import { KubeletSpecController } from './k8s/kubelet-spec';
import { NodenameController } from './k8s/nodename';
import { NodeLabelSpecController } from './k8s/node-label-spec';
import { NodeTaintSpecController } from './k8s/node-taint-spec';
import { NodeApplyController } from './k8s/node-apply';
import { FilesEtcFileController } from './files/etc-file';
import { AddressConfigController } from './network/address-config';
import { AddressMergeController } from './network/address-merge';
import { AddressSpecController } from './network/address-spec';
import { AddressStatusController } from './network/address-status';
import { EtcFileController } from './network/etc-file';
import { HostnameConfigController } from './network/hostname-config';
import { HostnameMergeController } from './network/hostname-merge';
import { HostnameSpecController } from './network/hostname-spec';
import { LinkConfigController } from './network/link-config';
import { LinkMergeController } from './network/link-merge';
import { LinkSpecController } from './network/link-spec';
import { LinkStatusController } from './network/link-status';
import { NodeAddressController } from './network/node-address';
import { OperatorConfigController } from './network/operator-config';
import { OperatorMergeController } from './network/operator-merge';
import { OperatorSpecController } from './network/operator-spec';
import { ResolverConfigController } from './network/resolver-config';
import { ResolverMergeController } from './network/resolver-merge';
import { ResolverSpecController } from './network/resolver-spec';
import { RouteConfigController } from './network/route-config';
import { RouteMergeController } from './network/route-merge';
import { RouteSpecController } from './network/route-spec';
import { RouteStatusController } from './network/route-status';
import { RoutingRuleConfigController } from './network/routing-rule-config';
import { RoutingRuleMergeController } from './network/routing-rule-merge';
import { RoutingRuleSpecController } from './network/routing-rule-spec';
import { RoutingRuleStatusController } from './network/routing-rule-status';
import { StatusController as NetworkStatusController } from './network/status';
import type { NetworkKernel } from '../src/network/kernel/kernel';
import type { ShutdownHooks } from '../src/system/shutdown-hooks';
import type { NetworkSources } from '../src/network/layers/config-controller';
import { TimeServerConfigController } from './network/time-server-config';
import { TimeServerMergeController } from './network/time-server-merge';
import { TimeServerSpecController } from './network/time-server-spec';
import { EtcdController } from './secrets/etcd-secrets';
import { EtcdRootController } from './secrets/etcd-root';
import { KubernetesController } from './secrets/kubernetes-secrets';
import { KubernetesRootController } from './secrets/kubernetes-root';
import { KubernetesCertSANsController } from './secrets/kubernetes-cert-sans';
import { KubernetesDynamicCertsController } from './secrets/kubernetes-dynamic-certs';
import { APIController } from './secrets/api-certificates';
import { APICertSANsController } from './secrets/api-cert-sans';
import { MaintenanceCertSANsController } from './secrets/maintenance-cert-sans';
import { MaintenanceRootController } from './secrets/maintenance-root';
import { OSRootController } from './secrets/os-root';
import { APIServiceConfigController } from './runtime/api-service-config';
import type { MachineStages } from '../src/events/machine-stages';
import { MachineStatusController } from './runtime/machine-status';
import { StatsController } from './perf/stats';
import { SecurityStateController } from './runtime/security-state';
import { MachineStatusPublisherController } from './runtime/machine-status-publisher';
import type { EventPublisher } from '../src/events/event-stream';
import { MaintenanceServiceInformController } from './runtime/maintenance-service-inform';
import { VersionController } from './runtime/version';
import { BlockDevicesController } from './block/block-devices';
import { DisksController } from './block/disks';
import { DiscoveryController } from './block/discovered-volumes';
import { SystemDiskController } from './block/system-disk';
import { PlatformMetadataController } from './runtime/platform-metadata';
import { SBOMController } from './runtime/sbom';
import { TimeSyncController } from './time/sync';
import { setKernelNames } from '../src/network/kernel/hostname';
import type { AdjustClock } from '../src/ntp/syncer';
import { ProbeConfigController } from './network/probe-config';
import { ProbeMergeController } from './network/probe-merge';
import { ProbeController } from './network/probe';

export interface ControllerOptions {
  /** The node's persistent identity (the stable default hostname derives from it). */
  readonly nodeId: string;
  /** The node's addresses (the agent's listen address) until a NodeAddresses resource exists. */
  readonly addresses: readonly string[];
  /** The directory standing in for `/` when controllers write files (the state directory in container mode). */
  readonly rootDir: string;
  /** machined's lifecycle stage (booting, maintenance, running…), for MachineStatuses. */
  readonly stages: MachineStages;
  /** The Talos release this agent reports (Versions), e.g. "v1.13.9". */
  readonly version: string;
  /** The runtime event stream (`Events`). */
  readonly publish: EventPublisher;
  /** The network kernel the network controllers observe and (when it is the agent's own) change. */
  readonly network: NetworkKernel;
  /** Work to finish before the services stop on a graceful shutdown. */
  readonly shutdown?: ShutdownHooks;
  /** Network configuration that does not come from the machine config (kernel command line, defaults). */
  readonly networkSources?: NetworkSources;
  /**
   * Where the block devices are looked at (default /sys/class/block and /dev; on the container platform
   * these are the host's, only ever read); `false` leaves the block controllers out.
   */
  readonly blockDevices?: { readonly sysClassBlock?: string; readonly devDir?: string } | false;
  /** The platform the node runs on ("container", "metal"; SecurityState reports nothing of the boot in a container). */
  readonly platform: string;
  /** The agent bundle's package list (sbom.json beside it), for SBOMItems. */
  readonly bundleSBOM?: string;
  /** Sets the system clock (metal); absent where the platform gives the agent no clock to set. */
  readonly adjustClock?: AdjustClock;
}

export function controllers(opts: ControllerOptions): Controller[] {
  return [
    new VersionController({ version: opts.version }),
    new PlatformMetadataController({ platform: opts.platform }),
    new SBOMController({ talosVersion: opts.version, bundleSBOM: opts.bundleSBOM }),
    new MachineStatusController({ stages: opts.stages }),
    new MachineStatusPublisherController({ publish: opts.publish }),
    new StatsController(),
    new SecurityStateController({ platform: opts.platform === 'metal' ? 'metal' : 'container' }),
    new MachineTypeController(),
    new RegistriesConfigController(),
    new CRIRegistryConfigController({ rootDir: opts.rootDir }),
    new TrustedRootsController({
      rootDir: opts.rootDir,
      systemBundle: opts.platform === 'metal' ? IMAGE_CA_BUNDLE : CA_BUNDLE,
    }),
    new HostnameConfigController({ nodeId: opts.nodeId }),
    new HostnameMergeController(),
    new HostnameSpecController(opts.platform === 'metal' ? (names) => setKernelNames(names) : undefined),
    new NodenameController(),
    new LinkStatusController(opts.network),
    new AddressStatusController(opts.network),
    new RouteStatusController(opts.network),
    new RoutingRuleStatusController(opts.network),
    new LinkConfigController(opts.networkSources),
    new LinkMergeController(),
    new LinkSpecController(opts.network),
    new AddressConfigController(opts.networkSources),
    new AddressMergeController(),
    new AddressSpecController(opts.network),
    new RouteConfigController(opts.networkSources),
    new RouteMergeController(),
    new RouteSpecController(opts.network),
    new RoutingRuleConfigController(opts.networkSources),
    new RoutingRuleMergeController(),
    new RoutingRuleSpecController(opts.network),
    new ResolverConfigController(opts.networkSources),
    new ResolverMergeController(),
    new ResolverSpecController(),
    new OperatorConfigController(opts.networkSources),
    new OperatorMergeController(),
    new OperatorSpecController(opts.network, opts.shutdown),
    new NodeAddressController(),
    new EtcFileController(opts.rootDir),
    new FilesEtcFileController(opts.rootDir),
    new NetworkStatusController(),
    new TimeServerConfigController(),
    new TimeServerMergeController(),
    new TimeServerSpecController(),
    new TimeSyncController({ platform: opts.platform, adjustClock: opts.adjustClock }),
    new ProbeConfigController(),
    new ProbeMergeController(),
    new ProbeController(),
    new KubeletConfigController(),
    new KubeletSpecController(),
    new OSRootController(),
    new MaintenanceRootController(),
    new MaintenanceCertSANsController({ addresses: opts.addresses }),
    new APICertSANsController({ addresses: opts.addresses }),
    new APIController(),
    new APIServiceConfigController({ address: opts.addresses[0] ?? '0.0.0.0' }),
    new MaintenanceServiceInformController({ addresses: opts.addresses }),
    new EtcdRootController(),
    new EtcdController({ addresses: opts.addresses }),
    new KubernetesRootController(),
    new KubernetesController(),
    new KubernetesCertSANsController({ addresses: opts.addresses }),
    new KubernetesDynamicCertsController(),
    new EtcdConfigController(),
    new EtcdSpecController({ addresses: opts.addresses }),
    new EtcdMemberController(),
    new ControlPlaneAdmissionControlController(),
    new ControlPlaneAPIServerController(),
    new ControlPlaneAuditPolicyController(),
    new ControlPlaneAuthorizationController(),
    new ControlPlaneControllerManagerController(),
    new ControlPlaneSchedulerController(),
    new ControlPlaneBootstrapManifestsController(),
    new ControlPlaneExtraManifestsController(),
    new ManifestController(),
    new ExtraManifestController(),
    new ManifestApplyController(),
    new NodeLabelSpecController(),
    new NodeTaintSpecController(),
    new NodeApplyController(),
    new RenderSecretsStaticPodController(opts.rootDir),
    new RenderConfigsStaticPodController({ rootDir: opts.rootDir }),
    new ControlPlaneStaticPodController(),
    new StaticPodConfigController(),
    new KubeletStaticPodController({ rootDir: opts.rootDir }),
    new LocalAffiliateController({ nodeId: opts.nodeId, addresses: opts.addresses, version: opts.version }),
    new EtcdAffiliateController(),
    new MemberController(),
    new ClusterInfoController(),
    new ClusterEndpointController(),
    new StaticEndpointController(),
    ...(opts.blockDevices === false
      ? []
      : [
          new BlockDevicesController(opts.blockDevices),
          new DisksController(opts.blockDevices),
          new DiscoveryController(opts.blockDevices),
          new SystemDiskController(),
        ]),
  ];
}

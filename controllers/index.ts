// Every controller machined runs, in one list.
import type { Controller } from '../src/controller-runtime';
import { MachineTypeController } from './config/machine-type';
import { ConfigController as EtcdConfigController } from './etcd/config';
import { SpecController as EtcdSpecController } from './etcd/spec';
import { KubeletConfigController } from './k8s/kubelet-config';
import { KubeletSpecController } from './k8s/kubelet-spec';
import { NodenameController } from './k8s/nodename';
import { HostnameConfigController } from './network/hostname-config';
import { HostnameMergeController } from './network/hostname-merge';
import { HostnameSpecController } from './network/hostname-spec';
import { EtcdController } from './secrets/etcd';
import { EtcdRootController } from './secrets/etcd-root';
import { KubernetesController } from './secrets/kubernetes';
import { KubernetesRootController } from './secrets/kubernetes-root';

export interface ControllerOptions {
  /** The node's persistent identity (the stable default hostname derives from it). */
  readonly nodeId: string;
  /** The node's addresses (the agent's listen address) until a NodeAddresses resource exists. */
  readonly addresses: readonly string[];
  /** The directory standing in for `/` when controllers write files (the state directory in container mode). */
  readonly rootDir: string;
}

export function controllers(opts: ControllerOptions): Controller[] {
  return [
    new MachineTypeController(),
    new HostnameConfigController({ nodeId: opts.nodeId }),
    new HostnameMergeController(),
    new HostnameSpecController(),
    new NodenameController(),
    new KubeletConfigController(),
    new KubeletSpecController(),
    new EtcdRootController(),
    new EtcdController({ addresses: opts.addresses }),
    new KubernetesRootController(),
    new KubernetesController(),
    new EtcdConfigController(),
    new EtcdSpecController({ addresses: opts.addresses }),
  ];
}

// Every controller machined runs, in one list.
import type { Controller } from '../src/controller-runtime';
import { MachineTypeController } from './config/machine-type';
import { NodenameController } from './k8s/nodename';
import { HostnameConfigController } from './network/hostname-config';
import { HostnameMergeController } from './network/hostname-merge';
import { HostnameSpecController } from './network/hostname-spec';

export interface ControllerOptions {
  /** The node's persistent identity (the stable default hostname derives from it). */
  readonly nodeId: string;
}

export function controllers(opts: ControllerOptions): Controller[] {
  return [
    new MachineTypeController(),
    new HostnameConfigController({ nodeId: opts.nodeId }),
    new HostnameMergeController(),
    new HostnameSpecController(),
    new NodenameController(),
  ];
}

// What the etcd service waits for: the machine type, and on a control plane node its spec and secrets
// (Talos waits for the spec and for the PKI files the etcd PKIController writes from the secrets).
import { ETCD_ROOT, ETCD_SECRETS, ETCD_SPEC, getSpec } from '../src/etcd/local';
import {
  MachineTypeDefinition,
  MACHINE_TYPE_ID,
  type MachineTypeName,
} from '../src/resources/config/machine-type';
import type { ResourcePointer, State } from '../src/state';
import type { Condition } from '../src/system/service';

export const MACHINE_TYPE: ResourcePointer = {
  namespace: 'config',
  type: MachineTypeDefinition.type,
  id: MACHINE_TYPE_ID,
};

export const isControlPlane = (t: MachineTypeName | undefined): boolean =>
  t === 'controlplane' || t === 'init';

/** What is still missing ([] once etcd can start, or when this node runs no etcd). */
export async function missingForEtcd(state: State): Promise<string[]> {
  const type = await getSpec<MachineTypeName>(state, MACHINE_TYPE);
  if (type === undefined || type === 'unknown') return ['machine type'];
  if (!isControlPlane(type)) return [];
  const missing: string[] = [];
  if (!(await getSpec(state, ETCD_SPEC))) missing.push('etcd spec');
  if (!(await getSpec(state, ETCD_ROOT)) || !(await getSpec(state, ETCD_SECRETS)))
    missing.push('etcd secrets');
  return missing;
}

export function etcdCondition(state: State): Condition {
  let missing = ['machine type', 'etcd spec', 'etcd secrets'];
  return {
    describe: () => missing.map((m) => `${m} to be ready`).join(', '),
    async wait(signal: AbortSignal): Promise<void> {
      const stop = new AbortController();
      const both = AbortSignal.any([signal, stop.signal]);
      let wake: () => void = () => undefined;
      const watches = [MACHINE_TYPE, ETCD_SPEC, ETCD_ROOT, ETCD_SECRETS].map(async (p) => {
        for await (const _ of state.watch(p, both)) wake();
      });
      const abort = aborted(signal);
      abort.catch(() => undefined);
      try {
        for (;;) {
          const changed = new Promise<void>((resolve) => (wake = resolve));
          missing = await missingForEtcd(state);
          if (missing.length === 0) return;
          signal.throwIfAborted();
          await Promise.race([changed, abort]);
        }
      } finally {
        stop.abort();
        await Promise.allSettled(watches);
      }
    },
  };
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

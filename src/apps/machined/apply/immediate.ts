// Talos' CanApplyImmediate: a v1alpha1 change applies without a reboot only if it touches nothing
// but the fields below. Other documents of a multi-document config never require a reboot.
import { isDeepStrictEqual } from 'node:util';
import { MachineConfig, V1ALPHA1_KIND } from '../../../config';
import { unifiedDiff } from '../../../config/diff';
import { isRecord } from '../../../untyped-values';

/** `.debug` and `.cluster` of the v1alpha1 document. */
const ROOT_FIELDS = ['debug', 'cluster'] as const;

/** Fields of `.machine` (taken over only when both configs have `.machine`). */
export const MACHINE_FIELDS = [
  'ca',
  'acceptedCAs',
  'time',
  'certSANs',
  'install',
  'network',
  'sysfs',
  'sysctls',
  'logging',
  'controlPlane',
  'kubelet',
  'kernel',
  'registries',
  'pods',
  'seccompProfiles',
  'nodeAnnotations',
  'nodeLabels',
  'nodeTaints',
] as const;

/** Fields of `.machine.features` (taken over only when both configs have `.machine.features`). */
export const FEATURE_FIELDS = [
  'kubernetesTalosAPIAccess',
  'kubePrism',
  'hostDNS',
  'imageCache',
  'nodeAddressSortAlgorithm',
] as const;

type Obj = Record<string, unknown>;

/** `to[k] = from[k]` for each field, as Go's struct field assignment does (absent stays absent). */
function takeOver(to: Obj, from: Obj, fields: readonly string[]): void {
  for (const f of fields) {
    if (f in from) to[f] = from[f];
    else delete to[f];
  }
}

const encode = (data: Obj): string =>
  new MachineConfig([{ kind: V1ALPHA1_KIND, data }]).bytes().toString('utf8');

/** Why `next` can't be applied without a reboot over `current`, or undefined when it can. */
export function immediateApplyError(
  current: MachineConfig | undefined,
  next: MachineConfig,
): string | undefined {
  if (current === undefined) return 'no current config';
  const cur = current.v1alpha1() as Obj | undefined;
  if (cur === undefined) return 'current config is not v1alpha1';
  const raw = next.v1alpha1() as Obj | undefined;
  if (raw === undefined) return 'new config is not v1alpha1';

  const candidate = structuredClone(raw);
  takeOver(candidate, cur, ROOT_FIELDS);
  const [nm, cm] = [candidate['machine'], cur['machine']];
  if (isRecord(nm) && isRecord(cm)) {
    takeOver(nm, cm, MACHINE_FIELDS);
    const [nf, cf] = [nm['features'], cm['features']];
    if (isRecord(nf) && isRecord(cf)) takeOver(nf, cf, FEATURE_FIELDS);
  }
  if (isDeepStrictEqual(cur, candidate)) return undefined;
  const diff = unifiedDiff(encode(cur), encode(candidate));
  return `this config change can't be applied in immediate mode\ndiff:\n${diff}`;
}

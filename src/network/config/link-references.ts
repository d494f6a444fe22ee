// Links a config depends on without creating them: a bond's or bridge's members and a VLAN's parent
// must be links the machine has, or links the config itself makes. An apply naming one that is neither
// is refused before anything changes.
import type { MachineConfig } from '../../config';
import type { SelectableLink } from './device-selector';
import { machineConfigNetworkIntent } from './machine-config-intent';

/** Why the config names links that do not exist, one line per link; empty when none. */
export function missingLinkProblems(config: MachineConfig, links: readonly SelectableLink[]): string[] {
  const intent = machineConfigNetworkIntent(config, links);
  const known = new Set([
    ...links.map((l) => l.name),
    ...intent.links.filter((l) => l.logical).map((l) => l.name),
  ]);
  const problems: string[] = [];
  for (const l of intent.links) {
    const master = l.bondSlave.masterName || l.bridgeSlave.masterName;
    if (master !== '' && !known.has(l.name)) {
      const kind = l.bondSlave.masterName !== '' ? 'bond' : 'bridge';
      problems.push(
        `${kind} ${master} names link ${JSON.stringify(l.name)}, which this machine does not have`,
      );
    }
    if (l.parentName !== '' && !known.has(l.parentName))
      problems.push(
        `VLAN ${l.name} names parent link ${JSON.stringify(l.parentName)}, which this machine does not have`,
      );
  }
  return problems;
}

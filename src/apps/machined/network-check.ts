// The apply-time check of a config's network against this machine: links it names but neither has nor
// makes are refused with InvalidArgument, before anything is saved or changed.
import type { MachineConfig } from '../../config';
import { invalidArgument } from '../../grpc/errors';
import { missingLinkProblems } from '../../network/config/link-references';
import { LinkStatusDefinition, type LinkStatusSpec } from '../../resources/network/link-status';
import type { State } from '../../state';

export async function checkNetworkReferences(state: State, cfg: MachineConfig): Promise<void> {
  const links = await state.list<LinkStatusSpec>({ namespace: 'network', type: LinkStatusDefinition.type });
  const problems = missingLinkProblems(
    cfg,
    links.map((l) => ({ name: l.metadata.id, ...l.spec })),
  );
  if (problems.length > 0) throw invalidArgument(`invalid network configuration: ${problems.join('; ')}`);
}

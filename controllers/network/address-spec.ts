// network.AddressSpecController: puts the merged AddressSpecs on their links (`ip address replace`, with
// the broadcast address for IPv4 and the route priority as metric) and takes away the ones that go.
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import type { KernelChanges } from '../../src/network/layers/kernel-changes';
import { KernelSpecController } from '../../src/network/layers/spec-controller';
import { AddressSpecDefinition, type AddressSpecSpec } from '../../src/resources/network/address-spec';
import type { Resource } from '../../src/state';

/** `ip address replace|del` arguments for a spec. */
export function addressArgs(verb: 'replace' | 'del', a: AddressSpecSpec): string[] {
  const args = ['address', verb, a.address, 'dev', a.linkName];
  if (verb === 'del') return args;
  if (a.family === 'inet4') args.push('brd', '+');
  args.push('scope', a.scope);
  if (a.priority > 0) args.push('metric', String(a.priority));
  return args;
}

export class AddressSpecController extends KernelSpecController<AddressSpecSpec> {
  readonly name = 'network.AddressSpecController';

  constructor(kernel: NetworkKernel) {
    super(AddressSpecDefinition.type, kernel);
  }

  protected async sync(
    running: readonly Resource<AddressSpecSpec>[],
    leaving: readonly Resource<AddressSpecSpec>[],
    changes: KernelChanges,
    signal: AbortSignal,
  ): Promise<Set<string>> {
    const [links, present] = await Promise.all([this.kernel.links(signal), this.kernel.addresses(signal)]);
    const linkNames = new Set(links.map((l) => l.name));
    const has = (a: AddressSpecSpec): boolean =>
      present.some((p) => p.linkName === a.linkName && p.address === a.address && p.priority === a.priority);
    for (const { spec } of running) {
      if (!linkNames.has(spec.linkName) || has(spec)) continue; // a link that is not there yet wakes us when it is
      await changes.try(`address ${spec.address} on ${spec.linkName}`, () =>
        this.kernel.ip(addressArgs('replace', spec), { signal }),
      );
    }
    const removed = new Set<string>();
    for (const { metadata, spec } of leaving) {
      const gone =
        !present.some((p) => p.linkName === spec.linkName && p.address === spec.address) ||
        (await changes.try(`remove address ${spec.address} from ${spec.linkName}`, () =>
          this.kernel.ip(addressArgs('del', spec), { signal }),
        ));
      if (gone) removed.add(metadata.id);
    }
    return removed;
  }
}

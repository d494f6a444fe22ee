// network.RouteSpecController: installs the merged RouteSpecs (`ip route replace`) and removes the ones
// that go. A route whose link or gateway is not reachable yet is tried again on the next kernel change.
import type { KernelRoute } from '../../src/network/kernel/routes';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import type { KernelChanges } from '../../src/network/layers/kernel-changes';
import { KernelSpecController } from '../../src/network/layers/spec-controller';
import { RouteSpecDefinition, type RouteSpecSpec } from '../../src/resources/network/route-spec';
import type { Resource } from '../../src/state';

/** `ip route replace|del` arguments for a spec. */
export function routeArgs(verb: 'replace' | 'del', r: RouteSpecSpec): string[] {
  const args = [r.family === 'inet6' ? '-6' : '-4', 'route', verb];
  if (r.type !== 'unicast') args.push(r.type);
  args.push(r.dst === '' ? 'default' : r.dst);
  if (r.gateway !== '') args.push('via', r.gateway);
  if (r.outLinkName !== '') args.push('dev', r.outLinkName);
  args.push('table', r.table, 'metric', String(r.priority));
  if (verb === 'del') return args;
  if (r.src !== '') args.push('src', r.src);
  args.push('proto', r.protocol, 'scope', r.scope);
  if (r.mtu > 0) args.push('mtu', String(r.mtu));
  return args;
}

const sameRoute = (k: KernelRoute, r: RouteSpecSpec): boolean =>
  k.family === r.family &&
  k.dst === r.dst &&
  k.gateway === r.gateway &&
  k.table === r.table &&
  k.priority === r.priority &&
  (r.outLinkName === '' || k.outLinkName === r.outLinkName);

export class RouteSpecController extends KernelSpecController<RouteSpecSpec> {
  readonly name = 'network.RouteSpecController';

  constructor(kernel: NetworkKernel) {
    super(RouteSpecDefinition.type, kernel);
  }

  protected async sync(
    running: readonly Resource<RouteSpecSpec>[],
    leaving: readonly Resource<RouteSpecSpec>[],
    changes: KernelChanges,
    signal: AbortSignal,
  ): Promise<Set<string>> {
    const links = await this.kernel.links(signal);
    const present = await this.kernel.routes(links, signal);
    const up = new Set(links.filter((l) => l.flags.split(',').includes('UP')).map((l) => l.name));
    for (const { spec } of running) {
      if (spec.outLinkName !== '' && !up.has(spec.outLinkName)) continue;
      const k = present.find((p) => sameRoute(p, spec));
      if (k && k.src === spec.src && k.scope === spec.scope && k.mtu === spec.mtu) continue;
      await changes.try(`route ${spec.dst || 'default'} via ${spec.gateway || spec.outLinkName}`, () =>
        this.kernel.ip(routeArgs('replace', spec), { signal }),
      );
    }
    const removed = new Set<string>();
    for (const { metadata, spec } of leaving) {
      const gone =
        !present.some((p) => sameRoute(p, spec)) ||
        (await changes.try(`remove route ${spec.dst || 'default'}`, () =>
          this.kernel.ip(routeArgs('del', spec), { signal }),
        ));
      if (gone) removed.add(metadata.id);
    }
    return removed;
  }
}

// network.LinkSpecController: makes the kernel's links match the merged LinkSpecs: creates logical links
// (bonds, bridges, dummies and WireGuard links, then VLANs on their parents), enslaves members to bonds
// and bridges, sets MTU, hardware address and WireGuard configuration, brings links up; deletes the
// logical links whose spec goes, and frees members that leave a bond or bridge.
import { bondArgs, createLinkArgs, wireguardConf } from '../../src/network/kernel/link-commands';
import type { KernelLink } from '../../src/network/kernel/links';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import type { KernelChanges } from '../../src/network/layers/kernel-changes';
import { KernelSpecController } from '../../src/network/layers/spec-controller';
import { LinkSpecDefinition, type LinkSpecSpec } from '../../src/resources/network/link-spec';
import type { Resource } from '../../src/state';

const masterOf = (s: LinkSpecSpec): string => s.bondSlave.masterName || s.bridgeSlave.masterName;
const flagsOf = (k: KernelLink): Set<string> => new Set(k.flags.split(','));

/** Creation order: links without a parent first, then the ones on top of them (VLANs). */
const order = (a: LinkSpecSpec, b: LinkSpecSpec): number =>
  Number(a.parentName !== '') - Number(b.parentName !== '');

export class LinkSpecController extends KernelSpecController<LinkSpecSpec> {
  readonly name = 'network.LinkSpecController';
  /** The WireGuard configuration last written per link (`wg setconf` only when it changes). */
  private readonly wireguardApplied = new Map<string, string>();

  constructor(kernel: NetworkKernel) {
    super(LinkSpecDefinition.type, kernel);
  }

  protected async sync(
    running: readonly Resource<LinkSpecSpec>[],
    leaving: readonly Resource<LinkSpecSpec>[],
    changes: KernelChanges,
    signal: AbortSignal,
  ): Promise<Set<string>> {
    const ip = (args: string[]) => () => this.kernel.ip(args, { signal });
    let links = await this.kernel.links(signal);
    const find = (name: string): KernelLink | undefined => links.find((l) => l.name === name);
    const specs = running.map((r) => r.spec).sort(order);

    // Logical links: created (again, when the kernel has one of another kind under the name).
    let created = false;
    for (const spec of specs.filter((s) => s.logical)) {
      const k = find(spec.name);
      if (k && k.kind !== spec.kind)
        await changes.try(
          `delete ${spec.name} (${k.kind || 'physical'}, wanted ${spec.kind})`,
          ip(['link', 'del', spec.name]),
        );
      if (k && k.kind === spec.kind) continue;
      if (spec.parentName !== '' && !find(spec.parentName)) continue; // made once its parent is
      const args = createLinkArgs(spec);
      if (!args) continue;
      created = (await changes.try(`create ${spec.kind} ${spec.name}`, ip(args))) || created;
      if (spec.kind === 'wireguard') this.wireguardApplied.delete(spec.name);
    }
    if (created) links = await this.kernel.links(signal);

    for (const spec of specs) {
      const k = find(spec.name);
      if (!k) continue;
      if (spec.kind === 'bond' && spec.bondMaster && k.bondMaster) {
        const want = bondArgs(spec.bondMaster, false).join(' ');
        if (k.bondMaster.mode !== spec.bondMaster.mode)
          await changes.try(`bond ${spec.name} mode`, async () => {
            await this.kernel.ip(['link', 'set', spec.name, 'down'], { signal });
            await this.kernel.ip(['link', 'set', spec.name, 'type', 'bond', 'mode', spec.bondMaster!.mode], {
              signal,
            });
          });
        else if (bondArgs(k.bondMaster, false).join(' ') !== want && want !== '')
          await changes.try(
            `bond ${spec.name} settings`,
            ip(['link', 'set', spec.name, 'type', 'bond', ...bondArgs(spec.bondMaster, false)]),
          );
      }
      const stp = spec.bridgeMaster?.stp.enabled;
      if (spec.kind === 'bridge' && k.bridgeMaster && stp !== undefined && k.bridgeMaster.stp.enabled !== stp)
        await changes.try(
          `bridge ${spec.name} stp`,
          ip(['link', 'set', spec.name, 'type', 'bridge', 'stp_state', stp ? '1' : '0']),
        );
      if (spec.wireguard) await this.syncWireguard(spec, changes, signal);
      const master = masterOf(spec);
      const currentMaster = links.find((l) => l.index === k.masterIndex && k.masterIndex !== 0)?.name ?? '';
      if (master !== '' && currentMaster !== master && find(master)) {
        // A bond takes members that are down; a bridge takes them as they are.
        const toBond = spec.bondSlave.masterName !== '';
        await changes.try(`${spec.name} into ${master}`, async () => {
          if (toBond) await this.kernel.ip(['link', 'set', spec.name, 'down'], { signal });
          await this.kernel.ip(['link', 'set', spec.name, 'master', master], { signal });
        });
      }
      if (spec.mtu > 0 && k.mtu !== spec.mtu)
        await changes.try(`${spec.name} mtu`, ip(['link', 'set', spec.name, 'mtu', String(spec.mtu)]));
      if (spec.hardwareAddr !== '' && k.hardwareAddr !== spec.hardwareAddr)
        await changes.try(
          `${spec.name} address`,
          ip(['link', 'set', spec.name, 'address', spec.hardwareAddr]),
        );
    }
    // Up last: a bond member goes up after it joined.
    links = await this.kernel.links(signal);
    for (const spec of specs) {
      const k = find(spec.name);
      if (k && spec.up && !flagsOf(k).has('UP'))
        await changes.try(`${spec.name} up`, ip(['link', 'set', spec.name, 'up']));
    }

    const removed = new Set<string>();
    for (const { metadata, spec } of leaving) {
      const k = find(spec.name);
      let ok = true;
      if (k && spec.logical) ok = await changes.try(`delete ${spec.name}`, ip(['link', 'del', spec.name]));
      else if (k && masterOf(spec) !== '' && k.masterIndex !== 0)
        ok = await changes.try(
          `${spec.name} out of ${masterOf(spec)}`,
          ip(['link', 'set', spec.name, 'nomaster']),
        );
      if (ok) {
        removed.add(metadata.id);
        this.wireguardApplied.delete(spec.name);
      }
    }
    return removed;
  }

  private async syncWireguard(
    spec: LinkSpecSpec,
    changes: KernelChanges,
    signal: AbortSignal,
  ): Promise<void> {
    const conf = wireguardConf(spec.wireguard!);
    if (this.wireguardApplied.get(spec.name) === conf) return;
    const ok = await changes.try(`wireguard ${spec.name}`, () =>
      this.kernel.wg(['setconf', spec.name, '/dev/stdin'], { signal, input: conf }),
    );
    if (ok) this.wireguardApplied.set(spec.name, conf);
  }
}

// The network kernel as the network controllers see it: read links, addresses, routes and rules, be told of
// changes, and (when allowed) change them. `IprouteKernel` is the real one; tests give their own.
import type { KernelAddress } from './addresses';
import { readKernelAddresses } from './addresses';
import { ip, run, type RunOptions } from './command';
import type { KernelLink } from './links';
import { readKernelLinks } from './links';
import { KernelMonitor } from './monitor';
import type { KernelRoute } from './routes';
import { readKernelRoutes } from './routes';
import type { KernelRule } from './rules';
import { readKernelRules } from './rules';

export interface NetworkKernel {
  /**
   * Whether the spec controllers may change links, addresses and routes: on metal, and on the container
   * platform only inside a network namespace of the agent's own.
   */
  readonly mutable: boolean;
  links(signal?: AbortSignal): Promise<KernelLink[]>;
  addresses(signal?: AbortSignal): Promise<KernelAddress[]>;
  /** Routes of every table; link names are resolved to indexes with `links`. */
  routes(links: readonly KernelLink[], signal?: AbortSignal): Promise<KernelRoute[]>;
  /** Policy routing rules of both families. */
  rules(signal?: AbortSignal): Promise<KernelRule[]>;
  /** Calls `listener` after kernel changes until `signal` fires. */
  watch(listener: () => void, signal: AbortSignal): void;
  /** `ip <args>` (changes); rejects with KernelCommandError. */
  ip(args: readonly string[], o?: RunOptions): Promise<string>;
  /** `wg <args>` (WireGuard settings); keys go in `o.input`, never in `args`. */
  wg(args: readonly string[], o?: RunOptions): Promise<string>;
  /** Announces `address` on `link` (gratuitous ARP for IPv4; IPv6 announces itself, see vip docs). */
  announce(link: string, address: string, signal?: AbortSignal): Promise<void>;
}

export class IprouteKernel implements NetworkKernel {
  private readonly monitor = new KernelMonitor();

  constructor(readonly mutable: boolean) {}

  links(signal?: AbortSignal): Promise<KernelLink[]> {
    return readKernelLinks(signal);
  }

  addresses(signal?: AbortSignal): Promise<KernelAddress[]> {
    return readKernelAddresses(signal);
  }

  routes(links: readonly KernelLink[], signal?: AbortSignal): Promise<KernelRoute[]> {
    return readKernelRoutes(new Map(links.map((l) => [l.name, l.index])), signal);
  }

  rules(signal?: AbortSignal): Promise<KernelRule[]> {
    return readKernelRules(signal);
  }

  watch(listener: () => void, signal: AbortSignal): void {
    this.monitor.watch(listener, signal);
  }

  ip(args: readonly string[], o?: RunOptions): Promise<string> {
    return ip(args, o);
  }

  wg(args: readonly string[], o?: RunOptions): Promise<string> {
    return run('wg', args, o);
  }

  async announce(link: string, address: string, signal?: AbortSignal): Promise<void> {
    if (address.includes(':')) return; // the kernel sends the unsolicited NA (ndisc_notify), see VipOperator
    // arping -U: unsolicited (gratuitous) ARP from the address (it must be on the link), twice.
    await run('arping', ['-U', '-c', '2', '-w', '1', '-I', link, '-s', address, address], { signal });
  }
}

// Boot-time network bring-up on metal: lo, then either the static `ip=` configuration or DHCPv4 on the
// first physical link with carrier that gets a lease. Links, addresses and routes are set with `ip`.
import type { Logger } from '../../log';
import { dhcpAcquire } from './dhcp-client';
import type { DhcpLease } from './dhcp-packet';
import type { KernelParams } from './kernel-params';
import { ip, listLinks, sleep, type LinkInfo } from './links';
import { errorMessage } from '../../error-message';

export interface NetworkUpResult {
  readonly link: string;
  readonly addresses: string[] /* CIDR */;
  readonly gateway?: string;
  readonly dns: string[];
  readonly hostname?: string;
  readonly source: 'static' | 'dhcp';
  /** The lease and the link's MAC address, to keep the lease (source dhcp). */
  readonly dhcp?: { readonly mac: string; readonly lease: DhcpLease };
}

export interface NetworkUpOptions {
  logger: Logger;
  signal: AbortSignal;
  /** Directory listing the links (default /sys/class/net). */
  sysClassNet?: string;
  /** How long to wait for carrier on the candidate links after setting them up (default 10 s). */
  carrierWaitMs?: number;
  /** Per link: DISCOVER rounds and first-round reply timeout (defaults 4 and 2000 ms). */
  dhcp?: { attempts?: number; timeoutMs?: number };
}

async function setDefaultRoute(link: string, gateway: string, signal: AbortSignal): Promise<void> {
  // onlink: the gateway may lie outside the address's prefix (e.g. a /32 address).
  await ip(['route', 'replace', 'default', 'via', gateway, 'dev', link, 'onlink'], signal);
}

async function staticUp(p: KernelParams, o: NetworkUpOptions, hostname?: string): Promise<NetworkUpResult> {
  const cfg = p.ip!;
  let link = cfg.device;
  if (!link) {
    const links = (await listLinks(o.sysClassNet)).filter((l) => l.name !== 'lo');
    link = (links.find((l) => l.physical) ?? links[0])?.name;
    if (!link) throw new Error('ip= has no device and there is no network link');
  }
  const cidr = `${cfg.address}/${cfg.prefix}`;
  o.logger.info(
    { link, address: cidr, gateway: cfg.gateway },
    'configuring network from ip= kernel parameter',
  );
  await ip(['link', 'set', 'dev', link, 'up'], o.signal);
  await ip(['addr', 'replace', cidr, 'dev', link], o.signal);
  if (cfg.gateway) await setDefaultRoute(link, cfg.gateway, o.signal);
  return { link, addresses: [cidr], gateway: cfg.gateway, dns: cfg.dns, hostname, source: 'static' };
}

/** Puts a lease's address and routes on `link`. */
export async function applyLease(link: string, l: DhcpLease, signal: AbortSignal): Promise<void> {
  await ip(['addr', 'replace', `${l.address}/${l.prefix}`, 'brd', '+', 'dev', link], signal);
  for (const r of l.routes) {
    const via = r.gateway === '0.0.0.0' ? ['scope', 'link'] : ['via', r.gateway, 'onlink'];
    await ip(['route', 'replace', r.destination, ...via, 'dev', link], signal);
  }
  if (l.gateway) await setDefaultRoute(link, l.gateway, signal);
}

/** Takes a lease's address off `link` (the routes through it go with it). */
export async function removeLease(link: string, l: DhcpLease, signal: AbortSignal): Promise<void> {
  await ip(['addr', 'del', `${l.address}/${l.prefix}`, 'dev', link], signal);
}

async function candidates(o: NetworkUpOptions, device?: string): Promise<LinkInfo[]> {
  const pick = (ls: LinkInfo[]): LinkInfo[] => ls.filter((l) => (device ? l.name === device : l.physical));
  const initial = pick(await listLinks(o.sysClassNet));
  for (const l of initial) await ip(['link', 'set', 'dev', l.name, 'up'], o.signal);
  const deadline = Date.now() + (o.carrierWaitMs ?? 10_000);
  for (;;) {
    const now = pick(await listLinks(o.sysClassNet));
    const up = now.filter((l) => l.carrier);
    // Give the other links a moment too once the first one reports carrier.
    if ((up.length === now.length && up.length > 0) || Date.now() >= deadline) return up;
    await sleep(up.length > 0 ? Math.min(1000, deadline - Date.now()) : 250, o.signal);
    if (up.length > 0) return pick(await listLinks(o.sysClassNet)).filter((l) => l.carrier);
  }
}

async function dhcpUp(
  p: KernelParams,
  o: NetworkUpOptions,
  hostname?: string,
): Promise<NetworkUpResult | undefined> {
  const links = await candidates(o, p.ip?.device);
  if (links.length === 0) {
    o.logger.warn({ device: p.ip?.device }, 'no network link with carrier, DHCP not attempted');
    return undefined;
  }
  for (const link of links) {
    if (!link.mac) continue;
    let lease: DhcpLease | undefined;
    try {
      lease = await dhcpAcquire({
        link: link.name,
        mac: link.mac,
        logger: o.logger,
        signal: o.signal,
        ...o.dhcp,
      });
    } catch (e: unknown) {
      o.signal.throwIfAborted();
      o.logger.warn({ link: link.name, error: errorMessage(e) }, 'DHCP failed');
      continue;
    }
    if (!lease) {
      o.logger.warn({ link: link.name }, 'no DHCP lease');
      continue;
    }
    await applyLease(link.name, lease, o.signal);
    const cidr = `${lease.address}/${lease.prefix}`;
    o.logger.info(
      { link: link.name, address: cidr, gateway: lease.gateway, lease: lease.leaseSeconds },
      'DHCP lease',
    );
    return {
      link: link.name,
      addresses: [cidr],
      gateway: lease.gateway,
      dns: p.ip && p.ip.dns.length > 0 ? p.ip.dns : lease.dns,
      hostname: hostname ?? lease.hostname,
      source: 'dhcp',
      dhcp: { mac: link.mac, lease },
    };
  }
  return undefined;
}

/**
 * Sets lo up and configures one link. Resolves to undefined when `ip=off`/`ip=none`, or when no link
 * got a DHCP lease (the caller may call again). DNS servers are returned, not written anywhere.
 */
export async function bringUpNetwork(
  params: KernelParams,
  opts: NetworkUpOptions,
): Promise<NetworkUpResult | undefined> {
  await ip(['link', 'set', 'dev', 'lo', 'up'], opts.signal);
  if (params.ipError) opts.logger.warn({ error: params.ipError }, 'ignoring malformed ip= kernel parameter');
  const cfg = params.ip;
  const hostname = params.raw.get('talos.hostname')?.[0] || cfg?.hostname || undefined;
  if (cfg?.address && cfg.autoconf !== 'dhcp') return staticUp(params, opts, hostname);
  if (cfg && (cfg.autoconf === 'off' || cfg.autoconf === 'none')) {
    opts.logger.info('network autoconfiguration disabled by ip= kernel parameter');
    return undefined;
  }
  return dhcpUp(params, opts, hostname);
}

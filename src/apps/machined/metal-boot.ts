// Boot on metal, before machined starts: read the kernel command line, bring the network up (ip= or
// DHCP, whose lease is then kept), write resolv.conf, hosts and the hostname from it. Then, when STATE
// holds no config, fetch the `talos.config=` config (retrying until it arrives, as Talos) or read it
// from the metal-iso volume. The agent then listens on the node's address.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log';
import {
  bringUpNetwork,
  downloadConfig,
  keepLease,
  METAL_ISO_LABEL,
  parseKernelParams,
  readConfigFromVolume,
  type KernelParams,
  type NetworkUpResult,
} from '../../platform/metal';
import { errorMessage } from '../../error-message';

export interface MetalBootOptions {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Where the kernel command line is read (default /proc/cmdline). */
  readonly cmdlinePath?: string;
  /** The directory standing in for /etc (default /etc). */
  readonly etcDir?: string;
  /** The kernel's hostname file (default /proc/sys/kernel/hostname). */
  readonly hostnamePath?: string;
  /** DHCP rounds before giving up on the network (default 3). */
  readonly networkAttempts?: number;
}

export interface MetalBoot {
  readonly params: KernelParams;
  readonly network?: NetworkUpResult;
  /** The node's addresses without prefix length (empty when no link came up). */
  readonly addresses: string[];
}

const bare = (cidr: string): string => cidr.replace(/\/\d+$/, '');

export async function metalBoot(o: MetalBootOptions): Promise<MetalBoot> {
  const log = o.logger;
  const params = parseKernelParams(await readFile(o.cmdlinePath ?? '/proc/cmdline', 'utf8'));
  if (params.platform !== undefined && params.platform !== 'metal')
    log.warn({ platform: params.platform }, 'talos.platform is not metal; booting as metal');
  const network = await networkUp(params, o);
  const addresses = network?.addresses.map(bare) ?? [];
  if (network) await writeNetworkFiles(network, o);
  if (network?.dhcp) {
    const { link } = network;
    // In the background, for as long as the agent runs.
    keepLease(network.dhcp.lease, { link, mac: network.dhcp.mac, logger: log, signal: o.signal }).catch(
      (e: unknown) => log.error({ link, error: errorMessage(e) }, 'keeping the DHCP lease stopped'),
    );
  }
  return { params, network, addresses };
}

/**
 * The config of `talos.config=`: downloaded, or read from the metal-iso volume; undefined when the
 * kernel command line names none. Only asked for when STATE holds no config (as Talos).
 */
export async function platformConfig(
  params: KernelParams,
  o: { readonly logger: Logger; readonly signal: AbortSignal },
): Promise<Buffer | undefined> {
  const url = params.configUrl;
  if (url === METAL_ISO_LABEL) return readConfigFromVolume(o);
  if (url !== undefined) return downloadConfig(url, o);
  return undefined;
}

async function networkUp(params: KernelParams, o: MetalBootOptions): Promise<NetworkUpResult | undefined> {
  const attempts = o.networkAttempts ?? 3;
  for (let i = 1; i <= attempts && !o.signal.aborted; i++) {
    try {
      const up = await bringUpNetwork(params, { logger: o.logger, signal: o.signal });
      if (up) {
        o.logger.info(
          { link: up.link, addresses: up.addresses, gateway: up.gateway, dns: up.dns, source: up.source },
          'network is up',
        );
        return up;
      }
      if (params.ip?.autoconf === 'off' || params.ip?.autoconf === 'none') return undefined;
      o.logger.warn({ attempt: i }, 'no link got an address');
    } catch (e: unknown) {
      o.logger.error({ attempt: i, error: errorMessage(e) }, 'network bring-up failed');
    }
  }
  return undefined;
}

/** resolv.conf and hosts from the lease or ip=, and the kernel hostname when one was given. */
async function writeNetworkFiles(n: NetworkUpResult, o: MetalBootOptions): Promise<void> {
  const etc = o.etcDir ?? '/etc';
  try {
    if (n.dns.length > 0)
      await writeFile(join(etc, 'resolv.conf'), n.dns.map((s) => `nameserver ${s}\n`).join(''));
    const name = n.hostname ?? 'localhost';
    const self = n.addresses[0] ? `${bare(n.addresses[0])}\t${name}\n` : '';
    await writeFile(join(etc, 'hosts'), `127.0.0.1\tlocalhost\n::1\tlocalhost\n${self}`);
    if (n.hostname) {
      await writeFile(join(etc, 'hostname'), `${n.hostname}\n`);
      await writeFile(o.hostnamePath ?? '/proc/sys/kernel/hostname', n.hostname);
    }
  } catch (e: unknown) {
    o.logger.warn({ error: errorMessage(e) }, 'could not write the network files');
  }
}

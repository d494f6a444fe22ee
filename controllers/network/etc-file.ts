// network.EtcFileController: /etc/hosts (localhost, the node's name on its address, the config's
// static hosts) and /etc/resolv.conf (the resolvers in effect) as EtcFileSpecs in `files`; and, given the
// root directory, the pods' resolv.conf (/system/resolved/resolv.conf, the kubelet's resolvConf) with the
// same resolvers, as Talos writes it (no host DNS here).
import { join } from 'node:path';
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { writeFileAtomic } from '../../src/files/atomic-write';
import { getOptional } from '../../src/controller-runtime';
import { machineConfigNetworkIntent } from '../../src/network/config/machine-config-intent';
import type { StaticHost } from '../../src/network/config/intent';
import { EtcFileSpecDefinition, type EtcFileSpecSpec } from '../../src/resources/files/etc-file-spec';
import { fqdn } from '../../src/resources/network/hostname-spec';
import { HOSTNAME_STATUS, type HostnameStatusSpec } from '../../src/resources/network/hostname-status';
import { NODE_ADDRESS_DEFAULT, type NodeAddressSpec } from '../../src/resources/network/node-address';
import {
  ResolverStatusDefinition,
  type ResolverStatusSpec,
} from '../../src/resources/network/resolver-status';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';

const RESOLVERS = { namespace: 'network', type: ResolverStatusDefinition.type, id: 'resolvers' };
/** Talos constants.PodResolvConfPath, under the root directory. */
export const POD_RESOLV_CONF = 'system/resolved/resolv.conf';

export function hostsFile(
  hostname: HostnameStatusSpec | undefined,
  address: string | undefined,
  hosts: readonly StaticHost[],
): string {
  const lines = ['127.0.0.1\tlocalhost'];
  if (hostname && address) {
    const names = hostname.domainname === '' ? [hostname.hostname] : [fqdn(hostname), hostname.hostname];
    lines.push(`${address}\t${names.join(' ')}`);
  }
  lines.push('::1\tlocalhost ip6-localhost ip6-loopback', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters');
  for (const h of hosts) lines.push(`${h.ip}\t${h.hostnames.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export function resolvConf(r: ResolverStatusSpec): string {
  const lines = r.dnsServers.map((s) => `nameserver ${s}`);
  if (r.searchDomains.length > 0) lines.push('', `search ${r.searchDomains.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export class EtcFileController implements Controller {
  readonly name = 'network.EtcFileController';

  /** `rootDir`: where the pods' resolv.conf is written (none without it). */
  constructor(private readonly rootDir?: string) {}

  inputs() {
    return [
      { ...MACHINE_CONFIG, kind: 'weak' as const },
      { ...HOSTNAME_STATUS, kind: 'weak' as const },
      { ...RESOLVERS, kind: 'weak' as const },
      { ...NODE_ADDRESS_DEFAULT, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: EtcFileSpecDefinition.type, namespace: 'files', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = await machineConfigOf(ctx);
      const hostname = (await getOptional<HostnameStatusSpec>(ctx, HOSTNAME_STATUS))?.spec;
      const resolvers = (await getOptional<ResolverStatusSpec>(ctx, RESOLVERS))?.spec;
      const address = (
        await getOptional<NodeAddressSpec>(ctx, NODE_ADDRESS_DEFAULT)
      )?.spec.addresses[0]?.split('/')[0];
      const hosts = machineConfigNetworkIntent(config, []).hosts;
      ctx.startTrackingOutputs();
      const write = (id: string, contents: string) =>
        ctx.modify<EtcFileSpecSpec>({ namespace: 'files', type: EtcFileSpecDefinition.type, id }, () => ({
          contents,
          mode: 0o644,
          selinuxLabel: '',
        }));
      await write('hosts', hostsFile(hostname, address, hosts));
      if (resolvers) await write('resolv.conf', resolvConf(resolvers));
      await ctx.cleanupOutputs();
      if (resolvers && this.rootDir !== undefined)
        await writeFileAtomic(join(this.rootDir, POD_RESOLV_CONF), resolvConf(resolvers), {
          mode: 0o644,
          dirMode: 0o755,
        });
    }
  }
}

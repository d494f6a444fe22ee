// cluster.EtcdAffiliateController: on a control plane whose etcd is up, an Affiliate for every other
// etcd member (id `etcd-<member id>`): the other control planes, named as etcd knows them (Talos names
// members after their hostnames) with the addresses of their peer and client URLs. Talos learns them
// from its discovery service; this node asks etcd instead, every 30 s and whenever its member changes.
import {
  getOptional,
  WakeTimer,
  type Controller,
  type ControllerContext,
} from '../../src/controller-runtime';
import { isIP } from 'node:net';
import { errorMessage } from '../../src/error-message';
import { EtcdClient, type EtcdMemberInfo } from '../../src/etcd/client';
import {
  adminTLS,
  ETCD_MEMBER,
  ETCD_ROOT,
  ETCD_SECRETS,
  ETCD_SPEC,
  LOCAL_ETCD_CLIENT_INPUTS,
  localEndpoint,
} from '../../src/etcd/local';
import {
  AffiliateDefinition,
  CLUSTER_NAMESPACE,
  type AffiliateSpec,
} from '../../src/resources/cluster/affiliate';
import { formatMemberID, type EtcdMemberSpec } from '../../src/resources/etcd/member';
import type { EtcdSpecSpec } from '../../src/resources/etcd/spec';
import type { EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import type { EtcdCertsSpec } from '../../src/resources/secrets/etcd-secrets';

const POLL_MS = 30_000;

/** The IP hosts of a member's URLs, each once. */
export function memberAddresses(m: Pick<EtcdMemberInfo, 'peerURLs' | 'clientURLs'>): string[] {
  const hosts = [...m.peerURLs, ...m.clientURLs].flatMap((u) => {
    try {
      const host = new URL(u).hostname.replace(/^\[|\]$/g, '');
      return isIP(host) ? [host] : [];
    } catch {
      return [];
    }
  });
  return [...new Set(hosts)];
}

/** The affiliates for etcd's members other than `localId` (hex). */
export function etcdAffiliates(
  members: readonly EtcdMemberInfo[],
  localId: string,
): Map<string, AffiliateSpec> {
  const out = new Map<string, AffiliateSpec>();
  for (const m of members) {
    const id = formatMemberID(m.ID);
    if (id === localId) continue;
    const name = m.name || id;
    out.set(`etcd-${id}`, {
      nodeId: '',
      addresses: memberAddresses(m),
      hostname: name,
      nodename: name,
      operatingSystem: '',
      machineType: 'controlplane',
    });
  }
  return out;
}

export interface EtcdAffiliateControllerOptions {
  /** How members are listed (default: the local etcd member, over the admin client certificate). */
  readonly listMembers?: (ctx: ControllerContext, signal: AbortSignal) => Promise<EtcdMemberInfo[]>;
}

export class EtcdAffiliateController implements Controller {
  readonly name = 'cluster.EtcdAffiliateController';

  constructor(private readonly opts: EtcdAffiliateControllerOptions = {}) {}

  inputs() {
    return [{ ...ETCD_MEMBER, kind: 'weak' as const }, ...LOCAL_ETCD_CLIENT_INPUTS];
  }

  outputs() {
    return [{ type: AffiliateDefinition.type, namespace: CLUSTER_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const poll = new WakeTimer(ctx);
    try {
      while (await ctx.nextEvent(signal)) {
        poll.clear();
        const local = await getOptional<EtcdMemberSpec>(ctx, ETCD_MEMBER);
        ctx.startTrackingOutputs();
        if (local) {
          let members: EtcdMemberInfo[] | undefined;
          try {
            members = await (this.opts.listMembers ?? listLocalMembers)(ctx, signal);
          } catch (e: unknown) {
            if (signal.aborted) return;
            ctx.logger.warn({ error: errorMessage(e) }, 'listing etcd members failed');
          }
          if (!members) {
            poll.at(Date.now() + POLL_MS);
            continue; // keep what is known until etcd answers again
          }
          for (const [id, spec] of etcdAffiliates(members, local.spec.memberID))
            await ctx.modify<AffiliateSpec>(
              { namespace: CLUSTER_NAMESPACE, type: AffiliateDefinition.type, id },
              () => spec,
            );
          poll.at(Date.now() + POLL_MS);
        }
        await ctx.cleanupOutputs();
      }
    } finally {
      poll.clear();
    }
  }
}

async function listLocalMembers(ctx: ControllerContext, signal: AbortSignal): Promise<EtcdMemberInfo[]> {
  const spec = await getOptional<EtcdSpecSpec>(ctx, ETCD_SPEC);
  const root = await getOptional<EtcdRootSpec>(ctx, ETCD_ROOT);
  const certs = await getOptional<EtcdCertsSpec>(ctx, ETCD_SECRETS);
  if (!spec || !root || !certs) throw new Error('etcd spec or secrets missing');
  const client = new EtcdClient([localEndpoint(spec.spec)], adminTLS(root.spec, certs.spec));
  try {
    return (await client.memberList({ signal, timeoutMs: 10_000 })).members;
  } finally {
    client.close();
  }
}

// etcd.MemberController: EtcdMembers "local" with the local member's ID while the etcd service runs and
// is healthy (from its Services resource); removed otherwise.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { EtcdClient } from '../../src/etcd/client';
import {
  adminTLS,
  ETCD_MEMBER,
  ETCD_ROOT,
  ETCD_SECRETS,
  ETCD_SPEC,
  LOCAL_ETCD_CLIENT_INPUTS,
  localEndpoint,
} from '../../src/etcd/local';
import { ETCD_NAMESPACE } from '../../src/resources/etcd/config';
import { EtcdMemberDefinition, formatMemberID, type EtcdMemberSpec } from '../../src/resources/etcd/member';
import type { EtcdSpecSpec } from '../../src/resources/etcd/spec';
import type { EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import type { EtcdCertsSpec } from '../../src/resources/secrets/etcd-secrets';
import { ServiceDefinition, type ServiceSpec } from '../../src/resources/v1alpha1/service';
import { isNotFoundError } from '../../src/state';
import { errorMessage } from '../../src/error-message';

const SERVICE = { namespace: 'runtime', type: ServiceDefinition.type, id: 'etcd' };

export interface MemberControllerOptions {
  /** How the local member ID is learnt (default: the header of a Status answer of the local member). */
  readonly getLocalMemberID?: (ctx: ControllerContext, signal: AbortSignal) => Promise<bigint>;
}

export class MemberController implements Controller {
  readonly name = 'etcd.MemberController';

  constructor(private readonly opts: MemberControllerOptions = {}) {}

  inputs() {
    return [{ ...SERVICE, kind: 'strong' as const }, ...LOCAL_ETCD_CLIENT_INPUTS];
  }

  outputs() {
    return [{ type: EtcdMemberDefinition.type, namespace: ETCD_NAMESPACE, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const svc = await getOptional<ServiceSpec>(ctx, SERVICE);
      const up = svc !== undefined && svc.metadata.phase === 'running' && svc.spec.healthy;
      if (up) {
        const id = await (this.opts.getLocalMemberID ?? localMemberID)(ctx, signal);
        await ctx.modify<EtcdMemberSpec>(ETCD_MEMBER, () => ({ memberID: formatMemberID(id) }));
      } else {
        try {
          await ctx.destroy(ETCD_MEMBER);
        } catch (e: unknown) {
          if (!isNotFoundError(e)) throw e;
        }
      }
      ctx.resetBackoff();
    }
  }
}

/** Talos Client.GetMemberID: the member ID in the header of the local member's answer. */
async function localMemberID(ctx: ControllerContext, signal: AbortSignal): Promise<bigint> {
  const spec = await getOptional<EtcdSpecSpec>(ctx, ETCD_SPEC);
  const root = await getOptional<EtcdRootSpec>(ctx, ETCD_ROOT);
  const certs = await getOptional<EtcdCertsSpec>(ctx, ETCD_SECRETS);
  if (!spec || !root || !certs)
    throw new Error('error getting etcd local member ID: etcd spec or secrets missing');
  const client = new EtcdClient([localEndpoint(spec.spec)], adminTLS(root.spec, certs.spec));
  try {
    // Talos reads the header of an AlarmList answer; etcd 3.4 leaves that header empty, its Status
    // answer carries the member ID on every version.
    const res = await client.status({ signal, timeoutMs: 15_000 });
    return BigInt(res.header.member_id);
  } catch (e: unknown) {
    throw new Error(`error getting etcd local member ID: ${errorMessage(e)}`, {
      cause: e,
    });
  } finally {
    client.close();
  }
}

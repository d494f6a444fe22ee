// etcd.MemberController: EtcdMembers "local" while the etcd Services resource says running and healthy,
// gone otherwise.
import { describe, expect, it } from 'vitest';
import { MemberController } from '../../../../controllers/etcd/member';
import { EtcdMemberDefinition } from '../../../../src/resources/etcd/member';
import { ServiceDefinition } from '../../../../src/resources/v1alpha1/service';
import { isNotFoundError } from '../../../../src/state';
import { harness, waitFor } from '../../controller-runtime/helpers';

const SERVICE = { namespace: 'runtime', type: ServiceDefinition.type, id: 'etcd' };
const MEMBER = { namespace: 'etcd', type: EtcdMemberDefinition.type, id: 'local' };

describe('etcd.MemberController', () => {
  it('publishes the member ID while etcd is healthy', async () => {
    const h = harness();
    h.runtime.register(
      new MemberController({ getLocalMemberID: () => Promise.resolve(0x8e9e05c52164694dn) }),
    );
    h.start();
    try {
      await h.state.create({ ...SERVICE, spec: { running: true, healthy: false, unknown: true } });
      await new Promise((r) => setTimeout(r, 50));
      await expect(h.state.get(MEMBER)).rejects.toSatisfy(isNotFoundError);
      await h.state.modify(SERVICE, () => ({ running: true, healthy: true, unknown: false }));
      const m = await waitFor(async () => {
        try {
          return (await h.state.get<{ memberID: string }>(MEMBER)).spec;
        } catch (e: unknown) {
          if (isNotFoundError(e)) return undefined;
          throw e;
        }
      }, 'member resource');
      expect(m).toEqual({ memberID: '8e9e05c52164694d' });
      await h.state.destroy(SERVICE);
      await waitFor(async () => {
        try {
          await h.state.get(MEMBER);
          return false;
        } catch (e: unknown) {
          return isNotFoundError(e);
        }
      }, 'member resource removed');
    } finally {
      await h.shutdown();
    }
  });
});

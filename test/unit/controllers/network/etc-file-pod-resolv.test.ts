// network.EtcFileController given the root directory: the pods' resolv.conf (Talos's
// /system/resolved/resolv.conf, the kubelet's resolvConf) holds the resolvers in effect, as /etc/resolv.conf.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EtcFileController, POD_RESOLV_CONF } from '../../../../controllers/network/etc-file';
import { ResolverStatusDefinition } from '../../../../src/resources/network/resolver-status';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

let root: string;
let h: Harness;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'etc-file-'));
  h = harness();
  h.runtime.register(new EtcFileController(root));
  h.start();
});

afterEach(async () => {
  await h.shutdown();
  await rm(root, { recursive: true, force: true });
});

it("writes the pods' resolv.conf with the resolvers in effect", async () => {
  await h.state.modify(
    { namespace: 'network', type: ResolverStatusDefinition.type, id: 'resolvers' },
    () => ({ dnsServers: ['10.0.0.53', '1.1.1.1'], searchDomains: ['example.org'] }),
  );
  const text = await waitFor(() => readFile(join(root, POD_RESOLV_CONF), 'utf8').catch(() => undefined));
  expect(text).toBe('nameserver 10.0.0.53\nnameserver 1.1.1.1\n\nsearch example.org\n');
});

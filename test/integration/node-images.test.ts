// Images in the node's CRI containerd through the API, against Debian's docker-registry on loopback as
// the registry mirror of every registry: the 1.13 ImageService pulls (answering the name pinned to the
// manifest the test pushed), lists (digest and size the test computes from its own archive) and removes;
// MachineService ImageList and ImagePull see the same store. Refusals: a tag the registry does not have,
// a namespace that is not a containerd namespace, removing an image that is not there. Import takes an
// archive the test built, streamed in chunks as talosctl sends it, and names the image it holds;
// Verify, without an ImageVerificationConfig, allows any image unverified as Talos does.
import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../images/k8s/registry.mjs';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, type TestClient } from '../harness/client';
import { applyAndConnect, generateConfig, withMirror } from '../harness/configured';
import { pushArchive, startDockerRegistry } from '../harness/docker-registry';
import { eventually } from '../harness/eventually';
import { buildOciArchive } from '../harness/oci-image';
import { loadLayoutTar } from '../harness/oci-registry';
import { requireTools } from '../harness/tools';

const ADDRESS = '127.0.0.178';
const REGISTRY = '127.0.0.179:5079';
const IMAGE = 'registry.example/talos-ts/hello:v1';
const CRI = { driver: 'CRI', namespace: 'NS_CRI' };

interface Listed {
  name: string;
  digest: string;
  size: string;
}

describe('images through the CRI containerd', () => {
  let stateDir: string;
  let genDir: string;
  let registryDir: string;
  let registry: RunningRegistry | undefined;
  let agent: Agent;
  let admin: TestClient;
  let manifestDigest: string;
  let expectedSize: number;

  const list = () => admin.serverStream<Listed>('/machine.ImageService/List', { containerd: CRI });

  beforeAll(async () => {
    requireTools('ctr', 'containerd', 'runc', 'docker-registry');
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    registryDir = await makeStateDir();
    registry = await startDockerRegistry(registryDir, REGISTRY);
    const built = buildOciArchive({
      ref: IMAGE,
      files: [{ path: 'hello.txt', content: Buffer.from('hello\n') }],
    });
    manifestDigest = built.manifestDigest;
    const layout = await loadLayoutTar(built.archive);
    const manifest = layout.blobs.get(manifestDigest)!;
    const m = JSON.parse(manifest.toString()) as { config: { size: number }; layers: { size: number }[] };
    expectedSize = manifest.length + m.config.size + m.layers.reduce((s, l) => s + l.size, 0);
    expect(`sha256:${createHash('sha256').update(manifest).digest('hex')}`).toBe(manifestDigest);
    await pushArchive(registry, 'talos-ts/hello', 'v1', built.archive, manifestDigest);
    const gen = generateConfig(genDir, 'images', ADDRESS);
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, withMirror(gen.controlPlane, `http://${REGISTRY}`), gen.adminTLS);
    await eventually(() => list(), 600);
  }, 300_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await registry?.stop();
    for (const d of [stateDir, genDir, registryDir]) if (d) await removeDir(d);
  });

  it('ImageService Pull answers the name pinned to the pushed manifest; List shows its digest and size', async () => {
    const answers = await admin.serverStream<{ name?: string }>('/machine.ImageService/Pull', {
      containerd: CRI,
      image_ref: IMAGE,
    });
    expect(answers.at(-1)?.name).toBe(`registry.example/talos-ts/hello@${manifestDigest}`);
    const found = (await list()).find((i) => i.name === IMAGE);
    expect(found?.digest).toBe(manifestDigest);
    expect(Number(found?.size)).toBe(expectedSize);
    // the same store through MachineService ImageList (talosctl before 1.13)
    const old = await admin.serverStream<Listed>('/machine.MachineService/ImageList', {
      namespace: 'NS_CRI',
    });
    expect(old.find((i) => i.name === IMAGE)?.digest).toBe(manifestDigest);
  }, 120_000);

  it('Remove takes it out; removing it again is NotFound', async () => {
    await admin.unary('/machine.ImageService/Remove', { containerd: CRI, image_ref: IMAGE });
    expect((await list()).map((i) => i.name)).not.toContain(IMAGE);
    const again = await admin
      .unary('/machine.ImageService/Remove', { containerd: CRI, image_ref: IMAGE })
      .catch((e: unknown) => e);
    expect(grpcCode(again)).toBe(status.NOT_FOUND);
  });

  it('MachineService ImagePull pulls again; a missing tag is NotFound; a bad namespace InvalidArgument', async () => {
    await admin.unary(
      '/machine.MachineService/ImagePull',
      { namespace: 'NS_CRI', reference: IMAGE },
      undefined,
      120_000,
    );
    expect((await list()).map((i) => i.name)).toContain(IMAGE);
    const missing = await admin
      .unary(
        '/machine.MachineService/ImagePull',
        { namespace: 'NS_CRI', reference: 'registry.example/talos-ts/hello:v2' },
        undefined,
        120_000,
      )
      .catch((e: unknown) => e);
    expect(grpcCode(missing)).toBe(status.NOT_FOUND);
    const badNs = await admin
      .serverStream('/machine.ImageService/List', {
        containerd: { driver: 'CONTAINERD', namespace: 'NS_CRI' },
      })
      .catch((e: unknown) => e);
    expect(grpcCode(badNs)).toBe(status.INVALID_ARGUMENT);
    const unknownNs = await admin
      .serverStream('/machine.MachineService/ImageList', { namespace: 'NS_UNKNOWN' })
      .catch((e: unknown) => e);
    expect(grpcCode(unknownNs)).toBe(status.INVALID_ARGUMENT);
  }, 240_000);

  it('Import streams an OCI archive into the CRI store and answers its name; List shows its digest', async () => {
    const ref = 'registry.example/talos-ts/imported:v3';
    const built = buildOciArchive({
      ref,
      files: [{ path: 'imported.txt', content: Buffer.from('imported\n') }],
    });
    const chunks: object[] = [{ containerd: CRI }];
    for (let at = 0; at < built.archive.length; at += 32 * 1024)
      chunks.push({ image_chunk: { bytes: built.archive.subarray(at, at + 32 * 1024) } });
    const answer = await admin.clientStream<{ name: string }>('/machine.ImageService/Import', chunks);
    expect(answer.name).toBe(ref);
    expect((await list()).find((i) => i.name === ref)?.digest).toBe(built.manifestDigest);
  }, 120_000);

  it('Import refuses a stream without the instance (InvalidArgument) and an archive that is not one (Internal)', async () => {
    const noInstance = await admin
      .clientStream('/machine.ImageService/Import', [{ image_chunk: { bytes: Buffer.from('x') } }])
      .catch((e: unknown) => e);
    expect(grpcCode(noInstance)).toBe(status.INVALID_ARGUMENT);
    const garbage = await admin
      .clientStream('/machine.ImageService/Import', [
        { containerd: CRI },
        { image_chunk: { bytes: Buffer.alloc(4096, 7) } },
      ])
      .catch((e: unknown) => e);
    expect(grpcCode(garbage)).toBe(status.INTERNAL);
    expect(String((garbage as Error).message)).toContain('failed to import image');
  }, 60_000);

  it('Verify without an ImageVerificationConfig allows unverified ("no matched rule"); a bad ref is InvalidArgument', async () => {
    const answer = await admin.unary<{ verified: boolean; message: string }>('/machine.ImageService/Verify', {
      image_ref: IMAGE,
    });
    expect(answer).toMatchObject({ verified: false, message: 'no matched rule' });
    const bad = await admin
      .unary('/machine.ImageService/Verify', { image_ref: 'Not A Ref' })
      .catch((e: unknown) => e);
    expect(grpcCode(bad)).toBe(status.INVALID_ARGUMENT);
  });
});

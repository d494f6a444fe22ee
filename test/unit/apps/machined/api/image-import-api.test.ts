// What Import reads from ctr's output (the images it unpacked), and its refusals before ctr runs.
import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { imageImportApi, importedNames } from '../../../../../src/apps/machined/api/image-import-api';
import { ApiError } from '../../../../../src/grpc/errors';
import { MemoryState } from '../../../../../src/state';

const ctx = {
  method: '/machine.ImageService/Import',
  metadata: new Metadata(),
  roles: new Set(['os:admin'] as const),
  signal: new AbortController().signal,
  peer: 'test',
};

async function importOf(reqs: object[]): Promise<unknown> {
  async function* gen() {
    for (const r of reqs) yield r;
  }
  try {
    return await imageImportApi({ rootDir: '/nonexistent', state: new MemoryState() }).Import!(
      gen() as never,
      ctx,
    );
  } catch (e: unknown) {
    return e;
  }
}

describe('ImageService.Import', () => {
  it('reads the unpacked images from ctr in its order', () => {
    const out =
      'unpacking registry.example/a:v1 (sha256:' +
      'a'.repeat(64) +
      ')...done\nunpacking registry.example/b@sha256:' +
      'b'.repeat(64) +
      ' (sha256:' +
      'b'.repeat(64) +
      ')...done\n';
    expect(importedNames(out)).toEqual([
      'registry.example/a:v1',
      `registry.example/b@sha256:${'b'.repeat(64)}`,
    ]);
    expect(importedNames('')).toEqual([]);
  });

  it('refuses a stream whose first message is not the instance, and a CRI namespace on the system driver', async () => {
    const noInstance = await importOf([{ image_chunk: { bytes: Buffer.from('x') } }]);
    expect(noInstance).toBeInstanceOf(ApiError);
    expect((noInstance as ApiError).code).toBe(status.INVALID_ARGUMENT);
    expect((noInstance as ApiError).message).toBe('containerd instance is required');
    const wrong = await importOf([{ containerd: { driver: 'CONTAINERD', namespace: 'NS_CRI' } }]);
    expect((wrong as ApiError).code).toBe(status.INVALID_ARGUMENT);
  });
});

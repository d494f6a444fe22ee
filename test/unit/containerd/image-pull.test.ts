// Pulling through ctr: the image is fetched from the mirror under the mirror's name, then named as the
// node names it and the mirror's name dropped; fetched from its own registry (no mirror for it), it
// keeps its name and nothing is removed. A stand-in ctr (a shell script) records what it was asked.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImagePullError, pullImage } from '../../../src/containerd/image-pull';

describe('pullImage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'image-pull-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'calls.log');
  const ctr = join(dir, 'ctr');
  /** A ctr that logs its arguments after the address and namespace, and fails pulls of `fail`. */
  writeFileSync(
    ctr,
    `#!/bin/sh\nshift 4\necho "$*" >> ${JSON.stringify(log)}\ncase "$*" in *fail*) echo "ctr: not found" >&2; exit 1;; esac\n`,
  );
  chmodSync(ctr, 0o755);
  const calls = () => readFileSync(log, 'utf8').trim().split('\n');
  const base = { socket: '/run/none.sock', namespace: 'k8s.io', bin: ctr, snapshotter: 'overlayfs' };

  it('names an image pulled from a mirror as the node names it, and drops the mirror name', async () => {
    writeFileSync(log, '');
    await pullImage({
      ...base,
      ref: 'ghcr.io/siderolabs/installer:v1.13.9',
      repository: 'siderolabs/installer',
      reference: 'v1.13.9',
      mirrors: [{ url: 'http://127.0.0.1:5000' }],
    });
    expect(calls()).toEqual([
      'images pull --plain-http --snapshotter overlayfs 127.0.0.1:5000/siderolabs/installer:v1.13.9',
      'images tag --force 127.0.0.1:5000/siderolabs/installer:v1.13.9 ghcr.io/siderolabs/installer:v1.13.9',
      'images rm 127.0.0.1:5000/siderolabs/installer:v1.13.9',
    ]);
  });

  it('keeps an image pulled from its own registry (the mirror name is its name)', async () => {
    writeFileSync(log, '');
    await pullImage({
      ...base,
      ref: '10.0.2.2:5000/siderolabs/installer:v1.13.10',
      repository: 'siderolabs/installer',
      reference: 'v1.13.10',
      mirrors: [{ url: 'http://10.0.2.2:5000' }],
    });
    expect(calls()).toEqual([
      'images pull --plain-http --snapshotter overlayfs 10.0.2.2:5000/siderolabs/installer:v1.13.10',
    ]);
  });

  it('names every mirror that failed', async () => {
    writeFileSync(log, '');
    const err = await pullImage({
      ...base,
      ref: 'ghcr.io/x/fail:1',
      repository: 'x/fail',
      reference: '1',
      mirrors: [{ url: 'http://127.0.0.1:5000' }, { url: 'https://127.0.0.2:5001' }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect((err as ImagePullError).reason).toBe('not found; not found');
    expect(calls()).toHaveLength(2);
  });
});

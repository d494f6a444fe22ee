// What the qemu tests read from a guest's disk image on the host, after the guest is gone: a partition by
// its GPT label, and the LUKS2 header of one as `cryptsetup luksDump` shows it (through a read-only loop
// device over just that partition: luksDump needs no device-mapper). Nothing here writes to the image.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { readDiskTable } from '../../src/blockdev/disk-table';

export interface ImagePartition {
  readonly index: number;
  readonly offset: number;
  readonly size: number;
}

export function imagePartition(image: string, label: string): ImagePartition | undefined {
  const p = readDiskTable(image)?.partitions.find((x) => x.name === label);
  return (
    p && {
      index: p.index,
      offset: Number(p.firstLba) * 512,
      size: Number(p.lastLba - p.firstLba + 1n) * 512,
    }
  );
}

export interface LuksDump {
  /** Keyslots in use, ascending. */
  readonly keyslots: number[];
  readonly tokens: number;
  readonly json: Record<string, unknown>;
}

/** `cryptsetup luksDump --dump-json-metadata` of the partition labelled `label`. */
export function luksDump(image: string, label: string): LuksDump {
  const p = imagePartition(image, label);
  if (!p) throw new Error(`${image} has no partition ${label}`);
  const loop = execFileSync(
    'losetup',
    ['--find', '--show', '--read-only', '--offset', String(p.offset), '--sizelimit', String(p.size), image],
    { encoding: 'utf8' },
  ).trim();
  try {
    const out = execFileSync('cryptsetup', ['luksDump', '--dump-json-metadata', loop], { encoding: 'utf8' });
    const json = JSON.parse(out) as Record<string, Record<string, unknown>>;
    return {
      keyslots: Object.keys(json['keyslots'] ?? {})
        .map(Number)
        .sort((a, b) => a - b),
      tokens: Object.keys(json['tokens'] ?? {}).length,
      json,
    };
  } finally {
    execFileSync('losetup', ['-d', loop]);
  }
}

/** Whether the image's first `bytes` are all zero (nothing was written there). */
export function headIsZero(image: string, bytes = 1 << 20): boolean {
  const fd = openSync(image, 'r');
  try {
    const b = Buffer.alloc(bytes);
    readSync(fd, b, 0, bytes, 0);
    return b.every((x) => x === 0);
  } finally {
    closeSync(fd);
  }
}

// The node's files through the API on a configured agent in container mode (its state directory is the
// node's `/`): List, Copy and DiskUsage compared with a tree the test made and measured itself, Read,
// and the refusals (a directory read, a missing path, a symbolic link out of the node's root, a
// negative depth), each with its gRPC code. PacketCapture on loopback with a filter tcpdump compiled:
// only the packets it matches, and no capture left running after the call.
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, type TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { requireTools } from '../harness/tools';

const ADDRESS = '127.0.0.177';

interface FileInfo {
  name: string;
  relative_name: string;
  size: string;
  mode: number;
  is_dir: boolean;
  link: string;
  error: string;
  uid: number;
  xattrs: { name: string; data: Buffer }[];
}
interface Usage {
  name: string;
  relative_name: string;
  size: string;
  error: string;
}

/** Every path below `dir` (relative, sorted) with its lstat. */
function walk(dir: string, rel = ''): { rel: string; size: number; isDir: boolean }[] {
  const out: { rel: string; size: number; isDir: boolean }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const r = rel === '' ? name : `${rel}/${name}`;
    const st = lstatSync(p);
    out.push({ rel: r, size: st.size, isDir: st.isDirectory() });
    if (st.isDirectory()) out.push(...walk(p, r));
  }
  return out;
}

describe('node files: List, Read, Copy, DiskUsage', () => {
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let admin: TestClient;
  let tree: string;

  beforeAll(async () => {
    requireTools('getfattr', 'setfattr', 'tcpdump');
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    const gen = generateConfig(genDir, 'files', ADDRESS);
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS);
    tree = join(stateDir, 'var/files-test');
    mkdirSync(join(tree, 'sub/deeper'), { recursive: true });
    writeFileSync(join(tree, 'a.txt'), 'hello\n');
    writeFileSync(join(tree, 'sub/b.bin'), Buffer.alloc(5000, 7));
    writeFileSync(join(tree, 'sub/deeper/c'), 'c'.repeat(123));
    writeFileSync(join(tree, `${'long-name-'.repeat(12)}.txt`), 'long');
    symlinkSync('a.txt', join(tree, 'link'));
    symlinkSync('/etc', join(stateDir, 'var/escape'));
  });

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await removeDir(stateDir);
    await removeDir(genDir);
  });

  const list = (req: Record<string, unknown>) =>
    admin.serverStream<FileInfo>('/machine.MachineService/List', req);

  it('List -r matches the tree the test made, with sizes, kinds and link targets', async () => {
    const got = await list({ root: '/var/files-test', recurse: true });
    const want = walk(tree);
    expect(got.map((f) => f.relative_name)).toEqual(['.', ...want.map((w) => w.rel)]);
    expect(got[0]!.name).toBe('/var/files-test');
    for (const w of want) {
      const f = got.find((g) => g.relative_name === w.rel)!;
      expect(f.name).toBe(`/var/files-test/${w.rel}`);
      expect(Number(f.size)).toBe(w.size);
      expect(f.is_dir).toBe(w.isDir);
      expect(f.error).toBe('');
    }
    const link = got.find((f) => f.relative_name === 'link')!;
    expect(link.link).toBe('a.txt');
    expect((link.mode >>> 27) & 1).toBe(1); // Go's os.ModeSymlink
    expect(got[0]!.mode >>> 31).toBe(1); // os.ModeDir
    expect(got.find((f) => f.relative_name === 'a.txt')!.mode).toBe(
      lstatSync(join(tree, 'a.txt')).mode & 0o777,
    );
  });

  it('List without recursion shows one level; depth and types filter', async () => {
    const flat = await list({ root: '/var/files-test' });
    expect(flat.map((f) => f.relative_name)).toEqual(['.', ...readdirSync(tree).sort()]);
    const depth2 = await list({ root: '/var/files-test', recurse: true, recursion_depth: 2 });
    expect(depth2.map((f) => f.relative_name)).toContain('sub/deeper');
    expect(depth2.map((f) => f.relative_name)).not.toContain('sub/deeper/c');
    const files = await list({ root: '/var/files-test', recurse: true, types: ['REGULAR'] });
    expect(files.map((f) => f.relative_name)).toEqual(
      walk(tree)
        .filter((w) => !w.isDir && w.rel !== 'link')
        .map((w) => w.rel),
    );
  });

  it('List reports extended attributes when asked', async () => {
    execFileSync('setfattr', ['-n', 'user.talos-ts', '-v', 'marked', join(tree, 'a.txt')]);
    const got = await list({ root: '/var/files-test/a.txt', report_xattrs: true });
    expect(got).toHaveLength(1);
    const x = got[0]!.xattrs.find((a) => a.name === 'user.talos-ts');
    expect(x?.data.toString()).toBe('marked');
  });

  it('Read streams a file; a directory, a missing path and an escaping link are refused', async () => {
    const data = await admin.serverStream<{ bytes: Buffer }>('/machine.MachineService/Read', {
      path: '/var/files-test/sub/b.bin',
    });
    expect(Buffer.concat(data.map((d) => d.bytes))).toEqual(readFileSync(join(tree, 'sub/b.bin')));
    const read = (path: string) => admin.serverStream('/machine.MachineService/Read', { path });
    expect(grpcCode(await read('/var/files-test').catch((e: unknown) => e))).toBe(status.UNKNOWN);
    expect(grpcCode(await read('/var/missing').catch((e: unknown) => e))).toBe(status.NOT_FOUND);
    expect(grpcCode(await read('/var/escape/hostname').catch((e: unknown) => e))).toBe(
      status.PERMISSION_DENIED,
    );
    expect(grpcCode(await read('relative').catch((e: unknown) => e))).toBe(status.INVALID_ARGUMENT);
  });

  it('List of a missing path is NotFound; of an escaping link PermissionDenied', async () => {
    expect(grpcCode(await list({ root: '/var/missing' }).catch((e: unknown) => e))).toBe(status.UNKNOWN);
    expect(grpcCode(await list({ root: '/var/escape' }).catch((e: unknown) => e))).toBe(
      status.PERMISSION_DENIED,
    );
  });

  it('Copy streams a tar.gz whose contents are the tree', async () => {
    const chunks = await admin.serverStream<{ bytes: Buffer; metadata: { error: string } | null }>(
      '/machine.MachineService/Copy',
      { root_path: '/var/files-test' },
    );
    expect(chunks.every((c) => !c.metadata?.error)).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'node-files-copy-'));
    try {
      execFileSync('tar', ['-xzf', '-', '-C', out], { input: Buffer.concat(chunks.map((c) => c.bytes)) });
      expect(walk(out)).toEqual(walk(tree));
      for (const w of walk(tree).filter((x) => !x.isDir && x.rel !== 'link'))
        expect(readFileSync(join(out, w.rel))).toEqual(readFileSync(join(tree, w.rel)));
    } finally {
      await removeDir(out);
    }
  });

  it('Copy outside the node root and of a missing path are refused', async () => {
    const copy = (root_path: string) => admin.serverStream('/machine.MachineService/Copy', { root_path });
    expect(grpcCode(await copy('/var/escape').catch((e: unknown) => e))).toBe(status.PERMISSION_DENIED);
    expect(grpcCode(await copy('/var/missing').catch((e: unknown) => e))).toBe(status.UNKNOWN);
    expect(grpcCode(await copy('var').catch((e: unknown) => e))).toBe(status.INVALID_ARGUMENT);
  });

  it('DiskUsage sums apparent sizes as the test does, directories after their contents', async () => {
    const got = await admin.serverStream<Usage>('/machine.MachineService/DiskUsage', {
      paths: ['/var/files-test'],
      all: true,
    });
    const want = walk(tree);
    const total = (prefix: string): number =>
      lstatSync(join(tree, prefix)).size +
      want.filter((w) => prefix === '' || w.rel.startsWith(`${prefix}/`)).reduce((s, w) => s + w.size, 0);
    const size = (rel: string) => Number(got.find((g) => g.relative_name === rel)?.size);
    expect(size('.')).toBe(total(''));
    expect(size('sub')).toBe(total('sub'));
    expect(size('sub/deeper')).toBe(total('sub/deeper'));
    expect(size('a.txt')).toBe(6);
    const order = got.map((g) => g.relative_name);
    expect(order.indexOf('sub/deeper/c')).toBeLessThan(order.indexOf('sub/deeper'));
    expect(order.at(-1)).toBe('.');
    const dirsOnly = await admin.serverStream<Usage>('/machine.MachineService/DiskUsage', {
      paths: ['/var/files-test'],
      recursion_depth: 1,
    });
    expect(dirsOnly.map((g) => g.relative_name)).toEqual(['.']);
  });

  it('DiskUsage refuses a negative depth; a missing path is an error entry', async () => {
    const du = (req: Record<string, unknown>) =>
      admin.serverStream<Usage>('/machine.MachineService/DiskUsage', req);
    expect(grpcCode(await du({ paths: ['/var'], recursion_depth: -1 }).catch((e: unknown) => e))).toBe(
      status.INVALID_ARGUMENT,
    );
    const missing = await du({ paths: ['/var/missing'] });
    expect(missing).toHaveLength(1);
    expect(missing[0]!.error).toContain('no such file or directory');
    // the node still answers
    await admin.unary('/machine.MachineService/Version', {});
  });

  /** The classic BPF program tcpdump compiles for an expression on loopback (`-ddd`). */
  const compile = (expr: string) => {
    const lines = execFileSync('tcpdump', ['-i', 'lo', '-ddd', expr], { encoding: 'utf8' })
      .trim()
      .split('\n');
    return lines.slice(1).map((l) => {
      const [op, jt, jf, k] = l.split(' ').map(Number);
      return { op, jt, jf, k };
    });
  };

  /** The packets of a pcap stream: link type and each packet's bytes. */
  const parsePcap = (b: Buffer) => {
    const packets: Buffer[] = [];
    for (let off = 24; off + 16 <= b.length;) {
      const n = b.readUInt32LE(off + 8);
      if (off + 16 + n > b.length) break;
      packets.push(b.subarray(off + 16, off + 16 + n));
      off += 16 + n;
    }
    return { magic: b.readUInt32LE(0), snapLen: b.readUInt32LE(16), linkType: b.readUInt32LE(20), packets };
  };

  /** Our captures running on the host (tcpdump with the arguments packet-capture.ts gives it). */
  const runningCaptures = () =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
          return cmd.includes('tcpdump') && cmd.includes('--immediate-mode') && cmd.includes('262144');
        } catch {
          return false;
        }
      });

  it('PacketCapture streams only the packets the filter matches, and stops with the call', async () => {
    const udp = createSocket('udp4');
    const payload = (port: number) => Buffer.from(`talos-ts pcap test ${port}`);
    const timer = setInterval(() => {
      udp.send(payload(45678), 45678, '127.0.0.1');
      udp.send(payload(45679), 45679, '127.0.0.1');
    }, 50);
    try {
      const chunks = await admin.serverStream<{ bytes: Buffer }>(
        '/machine.MachineService/PacketCapture',
        { interface: 'lo', snap_len: 128, bpf_filter: compile('udp dst port 45678') },
        Infinity,
        (_m, all) => parsePcap(Buffer.concat(all.map((c) => c.bytes))).packets.length >= 4,
      );
      const pcap = parsePcap(Buffer.concat(chunks.map((c) => c.bytes)));
      expect(pcap.magic).toBe(0xa1b2c3d4);
      expect(pcap.linkType).toBe(1);
      expect(pcap.snapLen).toBe(128);
      expect(pcap.packets.length).toBeGreaterThanOrEqual(4);
      for (const p of pcap.packets) {
        // Ethernet (14) + IPv4 (20) + UDP: destination port 45678
        expect(p.readUInt16BE(14 + 20 + 2)).toBe(45678);
        expect(p.subarray(14 + 28).toString()).toBe(payload(45678).toString());
      }
    } finally {
      clearInterval(timer);
      udp.close();
    }
    await eventually(() =>
      runningCaptures().length > 0
        ? Promise.reject(new Error('a capture is still running'))
        : Promise.resolve(),
    );
  });

  it('PacketCapture refuses a missing link and a filter the kernel would refuse, leaving nothing running', async () => {
    const pcap = (req: Record<string, unknown>) =>
      admin.serverStream('/machine.MachineService/PacketCapture', req, 1).catch((e: unknown) => e);
    expect(grpcCode(await pcap({ interface: 'no-such-link0' }))).toBe(status.NOT_FOUND);
    expect(grpcCode(await pcap({ interface: '../../etc' }))).toBe(status.NOT_FOUND);
    const jumpOut = [
      { op: 0x15, jt: 5, jf: 0, k: 1 },
      { op: 0x06, jt: 0, jf: 0, k: 0 },
    ];
    expect(grpcCode(await pcap({ interface: 'lo', bpf_filter: jumpOut }))).toBe(status.INVALID_ARGUMENT);
    expect(grpcCode(await pcap({ interface: 'lo', bpf_filter: [{ op: 0xff, jt: 0, jf: 0, k: 0 }] }))).toBe(
      status.INVALID_ARGUMENT,
    );
    expect(runningCaptures()).toEqual([]);
  });
});

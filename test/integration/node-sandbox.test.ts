// The node sandbox (src/platform/container/node-sandbox.ts) with a shell as the node's program: the node
// sees its state directory at Talos's paths (and mounts under one path show under the other), /etc
// writes stay in the state directory, host-wide kernel parameters are the node's own copies, it has its
// own PID, cgroup and network namespaces, a TERM reaches its program, and when it ends nothing of it is
// left on the host: no process, no mount, no cgroup.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCgroups, startNodeSandbox, type NodeSandbox } from '../../src/platform/container/node-sandbox';
import { makeStateDir, removeDir } from '../harness/agent';
import { ip } from '../harness/netns-lan';

for (const tool of ['unshare', 'nsenter', 'ip'])
  if (!['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(join(d, tool))))
    throw new Error(`${tool} is missing (.ci/run installs util-linux and iproute2)`);

/** Runs `script` in a sandbox over `stateDir`; resolves with its output and exit code. */
async function inSandbox(
  stateDir: string,
  script: string,
  netns?: string,
): Promise<{ out: string; code: number | null; sandbox: NodeSandbox }> {
  const sandbox = await startNodeSandbox({
    stateDir,
    command: ['bash', '-c', script],
    ...(netns !== undefined ? { netns } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  sandbox.process.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  sandbox.process.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const code = await sandbox.exited;
  return { out, code, sandbox };
}

const hostProcesses = (marker: string): string[] =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });

describe('node sandbox', () => {
  let stateDir: string;
  let netns: string;

  beforeAll(async () => {
    stateDir = await makeStateDir();
    netns = `tts-sbx-${process.pid}`;
    ip('netns', 'add', netns);
    ip('-n', netns, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1');
  });

  afterAll(async () => {
    if (netns) ip('netns', 'del', netns);
    if (stateDir) await removeDir(stateDir);
  });

  it("gives the node its state directory at Talos's paths, mounts showing under both", async () => {
    const { out, code } = await inSandbox(
      stateDir,
      [
        'set -e',
        'mkdir -p /var/lib/kubelet/pods/p1 /etc/kubernetes/manifests /system/secrets /opt/x',
        'echo kubelet > /var/lib/kubelet/pods/p1/f',
        'echo manifest > /etc/kubernetes/manifests/m.yaml',
        'echo run > /run/r',
        'echo etc > /etc/talos-ts-sandbox-probe',
        // a mount under /var shows at the state directory's own path
        'mkdir -p /var/lib/kubelet/pods/p1/volumes',
        'mount -t tmpfs vol /var/lib/kubelet/pods/p1/volumes',
        'echo secret > /var/lib/kubelet/pods/p1/volumes/token',
        `cat ${stateDir}/var/lib/kubelet/pods/p1/volumes/token`,
        'readlink /var/run',
        'cat /proc/1/cmdline | tr "\\0" " "; echo',
      ].join('\n'),
    );
    expect(code, out).toBe(0);
    expect(out).toContain('secret\n');
    expect(out).toContain('../run\n');
    expect(out).toMatch(/^bash \S+\/\.sandbox\/init\.sh bash -c /m);
    expect(readFileSync(join(stateDir, 'var/lib/kubelet/pods/p1/f'), 'utf8')).toBe('kubelet\n');
    expect(readFileSync(join(stateDir, 'etc/kubernetes/manifests/m.yaml'), 'utf8')).toBe('manifest\n');
    expect(readFileSync(join(stateDir, 'run/r'), 'utf8')).toBe('run\n');
    // /etc writes land in the state directory, never in the host's /etc
    expect(existsSync('/etc/talos-ts-sandbox-probe')).toBe(false);
    expect(readFileSync(join(stateDir, '.sandbox/etc-upper/talos-ts-sandbox-probe'), 'utf8')).toBe('etc\n');
    // the tmpfs went with the node: the directory is empty on the host
    expect(readdirSync(join(stateDir, 'var/lib/kubelet/pods/p1/volumes'))).toEqual([]);
  });

  it("keeps host-wide kernel parameters as the node's own copies", async () => {
    const before = readFileSync('/proc/sys/kernel/panic', 'utf8');
    const { out, code } = await inSandbox(
      stateDir,
      'cat /proc/sys/vm/overcommit_memory; echo 7 > /proc/sys/kernel/panic; cat /proc/sys/kernel/panic',
    );
    expect(code, out).toBe(0);
    expect(out).toBe('1\n7\n');
    expect(readFileSync('/proc/sys/kernel/panic', 'utf8')).toBe(before);
  });

  it('has its own PID, cgroup and network namespaces; nothing outlives it', async () => {
    const marker = `talos-ts-sandbox-orphan-${process.pid}`;
    const leaf = /talos-ts-node-[0-9a-f]+/;
    const { out, code } = await inSandbox(
      stateDir,
      [
        'echo pid $$',
        'grep -E "^[0-9]+:memory:|^0::" /proc/self/cgroup',
        'ip -o link show | awk -F": " "{print \\$2}"',
        // an orphan that would outlive the program on a host
        `setsid bash -c 'exec -a ${marker} sleep 600' </dev/null >/dev/null 2>&1 &`,
        'sleep 0.2',
      ].join('\n'),
      netns,
    );
    expect(code, out).toBe(0);
    expect(out).toMatch(/^pid \d+$/m);
    expect(out).toMatch(/^\d+:memory:\/$/m);
    expect(out).toMatch(/^0::\/$/m);
    expect(out).toMatch(/^probe0/m);
    expect(out).not.toMatch(/^eth0/m);
    expect(hostProcesses(marker)).toEqual([]);
    // the node's cgroups are gone from every hierarchy of the host
    const here = readFileSync('/proc/self/cgroup', 'utf8');
    for (const c of hostCgroups('', readFileSync('/proc/self/mountinfo', 'utf8'), here)) {
      const dir = join(c.mountPoint, c.nodeDir);
      expect(readdirSync(dir).filter((e) => leaf.test(e))).toEqual([]);
    }
    // and no mount of the node is left in the host's table
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(stateDir);
  });

  it('without a network namespace given, the node has loopback only', async () => {
    const { out, code } = await inSandbox(stateDir, 'ip -o link show | awk -F": " "{print \\$2}"');
    expect(code, out).toBe(0);
    expect(out.trim().split('\n')).toEqual(['lo']);
  });

  it('has the CNI plugins at /opt/cni/bin, also from a directory reached through a link, read-only', async () => {
    const outside = await makeStateDir();
    const linkDir = await makeStateDir();
    try {
      mkdirSync(join(outside, 'bin'));
      writeFileSync(join(outside, 'bin', 'bridge'), '#!/bin/sh\necho bridge plugin\n', { mode: 0o755 });
      symlinkSync(join(outside, 'bin'), join(linkDir, 'cni'));
      const sandbox = await startNodeSandbox({
        stateDir,
        command: [
          'bash',
          '-c',
          '/opt/cni/bin/bridge; touch /opt/cni/bin/x 2>/dev/null && echo writable; true',
        ],
        cniBinDir: join(linkDir, 'cni'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      sandbox.process.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      sandbox.process.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      expect(await sandbox.exited, out).toBe(0);
      expect(out).toBe('bridge plugin\n');
    } finally {
      await removeDir(outside);
      await removeDir(linkDir);
    }
  });

  it("passes a TERM to the node's program and waits for it", async () => {
    const sandbox = await startNodeSandbox({
      stateDir,
      command: [
        'bash',
        '-c',
        `trap 'echo stopped > /run/stopped; exit 3' TERM; echo up > /run/up; sleep 600 & wait`,
      ],
      stdio: 'ignore',
    });
    for (let i = 0; i < 100 && !existsSync(join(stateDir, 'run/up')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await sandbox.stop()).toBe(3);
    expect(readFileSync(join(stateDir, 'run/stopped'), 'utf8')).toBe('stopped\n');
    writeFileSync(join(stateDir, 'run/up'), '');
  });

  it('refuses a network namespace that does not exist', async () => {
    await expect(
      startNodeSandbox({ stateDir, command: ['true'], netns: 'tts-no-such-namespace' }),
    ).rejects.toThrow(/network namespace \/run\/netns\/tts-no-such-namespace does not exist/);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(
      'tts-no-such-namespace',
    );
  });
});

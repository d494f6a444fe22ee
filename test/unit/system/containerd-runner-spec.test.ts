// The OCI spec of a service container (containerd's defaults plus Talos's runner and service options),
// capability masks, and the image helpers: chain ids and the manifest of an index for this platform.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainId, ociArch, pickManifest } from '../../../src/containerd/image';
import {
  ALL_CAPABILITIES,
  capabilitiesOf,
  containerSpec,
  DEFAULT_CAPABILITIES,
  mergeEnv,
} from '../../../src/system/containerd-runner-spec';

interface Spec {
  process: {
    args: string[];
    env: string[];
    cwd: string;
    noNewPrivileges: boolean;
    oomScoreAdj?: number;
    capabilities: { bounding: string[]; effective: string[]; permitted: string[] };
  };
  root: { path: string };
  mounts: { destination: string; type?: string; options?: string[] }[];
  linux: {
    namespaces: { type: string }[];
    cgroupsPath?: string;
    maskedPaths?: string[];
    readonlyPaths?: string[];
    rootfsPropagation?: string;
    resources: { devices: { allow: boolean; access: string }[] };
  };
}

const spec = (o: Parameters<typeof containerSpec>[0]): Spec => containerSpec(o) as unknown as Spec;

describe('containerSpec', () => {
  it("is containerd's default spec for a plain service", () => {
    const s = spec({ args: ['/bin/app', '-v'] });
    expect(s.process.args).toEqual(['/bin/app', '-v']);
    expect(s.process.env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(s.process.cwd).toBe('/');
    expect(s.process.noNewPrivileges).toBe(true);
    expect(s.process.oomScoreAdj).toBeUndefined();
    expect(s.process.capabilities.bounding).toEqual(DEFAULT_CAPABILITIES);
    expect(s.root).toEqual({ path: 'rootfs' });
    expect(s.linux.namespaces.map((n) => n.type)).toEqual(['pid', 'ipc', 'uts', 'mount', 'network']);
    expect(s.linux.maskedPaths).toContain('/proc/kcore');
    expect(s.linux.readonlyPaths).toContain('/proc/sys');
    expect(s.linux.resources.devices).toEqual([{ allow: false, access: 'rwm' }]);
    expect(s.linux.cgroupsPath).toBeUndefined();
    expect(s.mounts.map((m) => m.destination)).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/dev/shm',
      '/dev/mqueue',
      '/sys',
      '/run',
    ]);
    expect(s.mounts.find((m) => m.destination === '/sys')?.options).toContain('ro');
  });

  it("takes the image's entrypoint, command, environment and working directory", () => {
    const imageConfig = { Entrypoint: ['/entry'], Cmd: ['run'], Env: ['PATH=/x', 'A=1'], WorkingDir: '/w' };
    const s = spec({ imageConfig, env: ['A=2', 'B=3'] });
    expect(s.process.args).toEqual(['/entry', 'run']);
    expect(s.process.env).toEqual(['PATH=/x', 'A=2', 'B=3']);
    expect(s.process.cwd).toBe('/w');
    // the service's arguments replace the image's
    expect(spec({ imageConfig, args: ['/bin/other'] }).process.args).toEqual(['/bin/other']);
    expect(() => spec({})).toThrow(/no process arguments/);
  });

  it("is Talos's kubelet spec for a privileged service on the host network and PID namespaces", () => {
    const grantable = ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE');
    const s = spec({
      args: ['/usr/local/bin/kubelet'],
      hostNamespaces: ['network', 'pid'],
      privileged: true,
      grantable,
      cgroupsPath: '/podruntime/kubelet',
      oomScoreAdj: -450,
      rootfsPropagation: 'shared',
      mounts: [
        { type: 'bind', destination: '/var/lib/kubelet', source: '/r/var/lib/kubelet', options: ['rbind'] },
      ],
    });
    expect(s.linux.namespaces.map((n) => n.type)).toEqual(['ipc', 'uts', 'mount']);
    expect(s.process.capabilities.bounding).toEqual(grantable);
    expect(s.process.capabilities.effective).toEqual(grantable);
    expect(s.process.oomScoreAdj).toBe(-450);
    expect(s.linux.cgroupsPath).toBe('/podruntime/kubelet');
    expect(s.linux.rootfsPropagation).toBe('shared');
    expect(s.linux.maskedPaths).toBeUndefined();
    expect(s.linux.readonlyPaths).toBeUndefined();
    expect(s.linux.resources.devices).toEqual([{ allow: true, access: 'rwm' }]);
    expect(s.mounts.find((m) => m.destination === '/sys')?.options).not.toContain('ro');
    // the service's mounts come after the defaults
    expect(s.mounts.at(-1)).toEqual({
      type: 'bind',
      destination: '/var/lib/kubelet',
      source: '/r/var/lib/kubelet',
      options: ['rbind'],
    });
  });

  it('merges environments by key', () => {
    expect(mergeEnv(['A=1', 'B=2'], ['B=3=4', 'C='])).toEqual(['A=1', 'B=3=4', 'C=']);
  });
});

describe('capabilitiesOf', () => {
  it('names the bits of a /proc status mask', () => {
    // this sandbox's bounding set: everything up to 40 but CAP_SYS_RESOURCE (24)
    const caps = capabilitiesOf('000001fffeffffff');
    expect(caps).toHaveLength(40);
    expect(caps).not.toContain('CAP_SYS_RESOURCE');
    expect(caps.at(-1)).toBe('CAP_CHECKPOINT_RESTORE');
    expect(capabilitiesOf('0000000000000003')).toEqual(['CAP_CHOWN', 'CAP_DAC_OVERRIDE']);
    expect(capabilitiesOf('0')).toEqual([]);
  });
});

describe('image helpers', () => {
  it('computes OCI chain ids', () => {
    const a = `sha256:${'1'.repeat(64)}`;
    const b = `sha256:${'2'.repeat(64)}`;
    expect(chainId([a])).toBe(a);
    const ab = `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`;
    expect(chainId([a, b])).toBe(ab);
    expect(chainId([a, b, a])).toBe(`sha256:${createHash('sha256').update(`${ab} ${a}`).digest('hex')}`);
    expect(() => chainId([])).toThrow(/without layers/);
  });

  it('picks the linux manifest of this architecture from an index', () => {
    const manifests = [
      { digest: 'sha256:win', platform: { os: 'windows', architecture: ociArch() } },
      { digest: 'sha256:other', platform: { os: 'linux', architecture: 'riscv64' } },
      { digest: 'sha256:mine', platform: { os: 'linux', architecture: ociArch() } },
    ];
    expect(pickManifest(manifests)?.digest).toBe('sha256:mine');
    expect(pickManifest(manifests.slice(0, 2))).toBeUndefined();
    expect(ociArch('x64')).toBe('amd64');
    expect(ociArch('arm64')).toBe('arm64');
  });
});

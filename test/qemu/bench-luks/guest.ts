// The LUKS2 benchmark inside the guest (bundled to bench/guest.cjs by test/qemu/bench-luks.ts): STATE and
// EPHEMERAL encrypted by nodeID and mounted, then unlocked and mounted again after they are closed —
// once by our volume manager on /dev/vda (the 10 GiB disk carries the installer's partitions; the manager
// makes STATE and EPHEMERAL itself), once by the same cryptsetup, mkfs.xfs and mount commands run one
// after another on /dev/vdb (whose STATE and EPHEMERAL partitions the host made, empty). Both use the same
// PBKDF settings. Prints one `bench-luks {…}` line per side.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Cryptsetup, cryptsetupRunner } from '../../../src/blockdev/cryptsetup';
import { MachineConfig } from '../../../src/config';
import { runCommand } from '../../../src/install/command';
import { createLogger } from '../../../src/log';
import { readMachineUUID } from '../../../src/volumes/encryption-keys';
import { ephemeralVolumeConfig, stateVolumeConfig } from '../../../src/volumes/volume-configs';
import { VolumeManager } from '../../../src/volumes/volume-manager';
import { pbkdfForThisMachine } from '../../../src/apps/machined/metal-volumes';

const ENC = { provider: 'luks2' as const, keys: [{ slot: 0, type: 'nodeID' as const }] };
const CFG = new MachineConfig([
  {
    kind: 'v1alpha1',
    data: {
      machine: {
        systemDiskEncryption: { ephemeral: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] } },
      },
    },
  },
]);
const signal = AbortSignal.timeout(3_600_000);
const quiet = createLogger('json', 'warn', new Writable({ write: (_c, _e, cb) => cb() }));

async function ours(): Promise<{ provision: number; unlock: number }> {
  const manager = () =>
    new VolumeManager({
      run: runCommand,
      cryptsetup: new Cryptsetup(cryptsetupRunner(), pbkdfForThisMachine()),
      keySources: { machineUUID: () => readMachineUUID(), salt: () => Promise.resolve(undefined) },
      logger: quiet,
      signal,
      root: '/',
      disks: () => Promise.resolve([{ dev: '/dev/vda', spec: { dev_path: '/dev/vda' } }]),
      systemDisk: () => '/dev/vda',
    });
  const ensure = async (m: VolumeManager) => {
    for (const [id, cfg] of [
      ['STATE', stateVolumeConfig(ENC, true)],
      ['EPHEMERAL', ephemeralVolumeConfig(CFG)],
    ] as const) {
      const st = await m.ensure(id, cfg);
      if (st.phase !== 'ready') throw new Error(`${id}: ${st.phase} ${st.errorMessage ?? ''}`);
    }
  };
  let t = performance.now();
  const first = manager();
  await ensure(first);
  const provision = performance.now() - t;
  await first.closeAll();
  t = performance.now();
  const second = manager();
  await ensure(second);
  const unlock = performance.now() - t;
  await second.closeAll();
  return { provision, unlock };
}

function byHand(): { provision: number; unlock: number } {
  const uuid = execFileSync('cat', ['/sys/class/dmi/id/product_uuid'], { encoding: 'utf8' })
    .trim()
    .toLowerCase();
  const memory = pbkdfForThisMachine().memoryKiB;
  const sh = (cmd: string, args: string[], input?: string) =>
    execFileSync(cmd, args, {
      input,
      stdio: ['pipe', 'ignore', 'inherit'],
      env: {
        PATH: '/usr/bin:/usr/sbin',
        DM_DISABLE_UDEV: '1',
        TEST_DIR: '/tmp',
        TEST_DEV: 'talos',
        QA_CHECK_FS: '1',
      },
    });
  const volumes = [
    ['STATE', '/dev/vdb5', '/system/state-b'],
    ['EPHEMERAL', '/dev/vdb6', '/var-b'],
  ] as const;
  const open = (label: string, dev: string, dir: string) => {
    const key = uuid + label;
    sh(
      'cryptsetup',
      [
        'open',
        '--type',
        'luks2',
        '--key-slot=0',
        '--key-file=-',
        `--keyfile-size=${key.length}`,
        dev,
        `b-${label}`,
      ],
      key,
    );
    mkdirSync(dir, { recursive: true });
    sh('mount', ['-t', 'xfs', `/dev/mapper/b-${label}`, dir]);
  };
  let t = performance.now();
  for (const [label, dev, dir] of volumes) {
    const key = uuid + label;
    sh('cryptsetup', ['luksFormat', '--type', 'luks2', '--batch-mode', '--cipher', 'aes-xts-plain64', '--pbkdf', 'argon2id',
      `--pbkdf-memory=${memory}`, '--key-slot=0', '--key-file=-', `--keyfile-size=${key.length}`, dev], key); // prettier-ignore
    sh(
      'cryptsetup',
      [
        'open',
        '--type',
        'luks2',
        '--key-slot=0',
        '--key-file=-',
        `--keyfile-size=${key.length}`,
        dev,
        `b-${label}`,
      ],
      key,
    );
    sh('mkfs.xfs', ['-f', '-L', label, `/dev/mapper/b-${label}`]);
    mkdirSync(dir, { recursive: true });
    sh('mount', ['-t', 'xfs', `/dev/mapper/b-${label}`, dir]);
  }
  const provision = performance.now() - t;
  for (const [label, , dir] of [...volumes].reverse()) {
    sh('umount', [dir]);
    sh('cryptsetup', ['close', `b-${label}`]);
  }
  t = performance.now();
  for (const [label, dev, dir] of volumes) open(label, dev, dir);
  const unlock = performance.now() - t;
  return { provision, unlock };
}

async function main() {
  const order = (process.env['BENCH_ORDER'] ?? 'ours,hand').split(',');
  for (const side of order) {
    const r = side === 'ours' ? await ours() : byHand();
    console.log(
      `bench-luks ${JSON.stringify({ side, provision_ms: Math.round(r.provision), unlock_ms: Math.round(r.unlock) })}`,
    );
  }
}

main().catch((e: unknown) => {
  console.log(`bench-luks error ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});

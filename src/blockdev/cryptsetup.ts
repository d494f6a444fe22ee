// LUKS2 through the real cryptsetup: format, open, close, add and remove keys, test a key, tokens.
// Keys go to cryptsetup on its standard input (`--key-file=-` with an explicit size), never on the
// command line or in a file; errors carry cryptsetup's own words but never a key. Exit codes map to
// small error classes: 2 means the key was refused, 4 a device that is not there or not open, 5 busy.
import { spawn } from 'node:child_process';

export interface PbkdfOptions {
  /** Argon2 memory in KiB (cryptsetup's default: up to 1 GiB, half the RAM at most). */
  readonly memoryKiB?: number;
  /** Time the PBKDF should take to unlock, in ms (cryptsetup's default: 2000). */
  readonly iterTimeMs?: number;
  /** Fixed iterations instead of a benchmark (tests: fast formats on small machines). */
  readonly forceIterations?: number;
}

export interface LuksFormatOptions {
  /** Default aes-xts-plain64. */
  readonly cipher?: string;
  /** Key size in bits (default: cryptsetup's for the cipher, 512 for aes-xts). */
  readonly keySize?: number;
  /** Sector size in bytes. */
  readonly blockSize?: number;
  /** `--perf-<option>` flags. */
  readonly perfOptions?: readonly string[];
}

export class CryptsetupError extends Error {
  constructor(
    readonly operation: string,
    readonly exitCode: number | null,
    readonly detail: string,
  ) {
    super(`cryptsetup ${operation} failed (exit ${exitCode}): ${detail}`);
    this.name = 'CryptsetupError';
  }
}

/** The key given does not open any keyslot it was tried on. */
export class KeyRejectedError extends CryptsetupError {
  constructor(operation: string, exitCode: number | null, detail: string) {
    super(operation, exitCode, detail);
    this.name = 'KeyRejectedError';
  }
}

export const isKeyRejected = (e: unknown): e is KeyRejectedError => e instanceof KeyRejectedError;

export type CryptsetupRunner = (
  args: readonly string[],
  stdin: Buffer | undefined,
  signal: AbortSignal,
) => Promise<string>;

/** Runs the cryptsetup binary (DM_DISABLE_UDEV: the image has no udev to create /dev/mapper nodes). */
export function cryptsetupRunner(binary = 'cryptsetup'): CryptsetupRunner {
  return (args, stdin, signal) =>
    new Promise((resolve, reject) => {
      const child = spawn(binary, [...args], {
        signal,
        env: { ...process.env, DM_DISABLE_UDEV: '1', LC_ALL: 'C' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => reject(new CryptsetupError(args[0] ?? '', null, e.message)));
      child.on('close', (code) => {
        if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
        const detail = Buffer.concat(err).toString('utf8').trim() || `exit code ${code}`;
        const op = args[0] ?? '';
        const rejected = code === 2 || /No (usable keyslot|key available)/.test(detail);
        reject(rejected ? new KeyRejectedError(op, code, detail) : new CryptsetupError(op, code, detail));
      });
      child.stdin.on('error', () => undefined); // cryptsetup may exit before reading it all
      child.stdin.end(stdin ?? Buffer.alloc(0));
    });
}

const pbkdfArgs = (p: PbkdfOptions): string[] => [
  '--pbkdf',
  'argon2id',
  ...(p.memoryKiB ? [`--pbkdf-memory=${p.memoryKiB}`] : []),
  ...(p.forceIterations ? [`--pbkdf-force-iterations=${p.forceIterations}`] : []),
  ...(p.iterTimeMs && !p.forceIterations ? [`--iter-time=${p.iterTimeMs}`] : []),
];

/** LUKS2 operations on one device (a partition, or a disk image: everything but open/close works on a file). */
export class Cryptsetup {
  constructor(
    private readonly run: CryptsetupRunner = cryptsetupRunner(),
    private readonly pbkdf: PbkdfOptions = {},
  ) {}

  /** luksFormat with `key` in `slot` (whatever the device held is gone). */
  async format(device: string, slot: number, key: Buffer, o: LuksFormatOptions, signal: AbortSignal) {
    await this.run(
      [
        'luksFormat',
        '--type',
        'luks2',
        '--batch-mode',
        '--cipher',
        o.cipher || 'aes-xts-plain64',
        ...(o.keySize ? [`--key-size=${o.keySize}`] : []),
        ...(o.blockSize ? [`--sector-size=${o.blockSize}`] : []),
        ...pbkdfArgs(this.pbkdf),
        `--key-slot=${slot}`,
        '--key-file=-',
        `--keyfile-size=${key.length}`,
        device,
      ],
      key,
      signal,
    );
  }

  /** Opens `device` as /dev/mapper/<name> with the key of `slot`; returns that path. */
  async open(
    device: string,
    name: string,
    slot: number,
    key: Buffer,
    o: LuksFormatOptions,
    signal: AbortSignal,
  ) {
    await this.run(
      [
        'open',
        '--type',
        'luks2',
        `--key-slot=${slot}`,
        '--key-file=-',
        `--keyfile-size=${key.length}`,
        ...(o.perfOptions ?? []).map((p) => `--perf-${p}`),
        device,
        name,
      ],
      key,
      signal,
    );
    return `/dev/mapper/${name}`;
  }

  /** Whether /dev/mapper/<name> is an active mapping. */
  async isOpen(name: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.run(['status', name], undefined, signal);
      return true;
    } catch (e: unknown) {
      if (e instanceof CryptsetupError && e.exitCode === 4) return false;
      throw e;
    }
  }

  async close(name: string, signal: AbortSignal): Promise<void> {
    try {
      await this.run(['close', name], undefined, signal);
    } catch (e: unknown) {
      if (e instanceof CryptsetupError && e.exitCode === 4) return; // not open
      throw e;
    }
  }

  /** Whether `key` opens `slot` (no mapping is made). */
  async testKey(device: string, slot: number, key: Buffer, signal: AbortSignal): Promise<boolean> {
    try {
      await this.run(
        [
          'open',
          '--test-passphrase',
          '--type',
          'luks2',
          `--key-slot=${slot}`,
          '--key-file=-',
          `--keyfile-size=${key.length}`,
          device,
        ],
        key,
        signal,
      );
      return true;
    } catch (e: unknown) {
      if (e instanceof KeyRejectedError) return false;
      throw e;
    }
  }

  /** Adds `newKey` in `slot`, authorised by `key` (a key of another slot). */
  async addKey(device: string, key: Buffer, slot: number, newKey: Buffer, signal: AbortSignal) {
    await this.run(
      [
        'luksAddKey',
        '--batch-mode',
        ...pbkdfArgs(this.pbkdf),
        `--key-slot=${slot}`,
        '--key-file=-',
        `--keyfile-size=${key.length}`,
        '--new-keyfile=-',
        `--new-keyfile-size=${newKey.length}`,
        device,
      ],
      Buffer.concat([key, newKey]),
      signal,
    );
  }

  /** Removes `slot`, authorised by `key` (a key of another slot that stays). */
  async killSlot(device: string, slot: number, key: Buffer, signal: AbortSignal) {
    await this.run(
      ['luksKillSlot', device, String(slot), '--key-file=-', `--keyfile-size=${key.length}`],
      key,
      signal,
    );
  }

  /** Writes token `id` (replacing one there), given as its JSON; the token's keyslots are left to it. */
  async importToken(device: string, id: number, json: string, signal: AbortSignal) {
    await this.run(
      ['token', 'import', '-q', device, '--token-id', String(id), '--json-file=-', '--token-replace'],
      Buffer.from(json),
      signal,
    );
  }

  /** Removes token `id` (the token of a keyslot Talos manages has the slot's number). */
  async removeToken(device: string, id: number, signal: AbortSignal) {
    await this.run(['token', 'remove', '--token-id', String(id), device], undefined, signal);
  }
}

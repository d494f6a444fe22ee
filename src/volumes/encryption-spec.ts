// A volume's encryption settings, from where a config states them: a VolumeConfig (or UserVolumeConfig)
// document's `encryption`, else `machine.systemDiskEncryption.<state|ephemeral>`; and STATE's settings
// as Talos keeps them in META (key 9, JSON with Go's field names), read before the config is.
import type { MachineConfig } from '../config';
import type { EncryptionKeySpec, EncryptionSpec } from '../resources/block/volume-config';
import type { EncryptionKeyType } from '../resources/block/enums';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The kind of a configured key, or undefined when it names none we know. */
function keyType(k: Obj): EncryptionKeyType | undefined {
  if (obj(k['nodeID'])) return 'nodeID';
  if (obj(k['static'])) return 'static';
  if (obj(k['kms'])) return 'kms';
  if (obj(k['tpm'])) return 'tpm';
  return undefined;
}

/** An encryption section of a config (`{provider, keys, cipher, …}`) as a spec; undefined when absent. */
export function encryptionFromSection(section: unknown): EncryptionSpec | undefined {
  const s = obj(section);
  if (!s) return undefined;
  const keys: EncryptionKeySpec[] = list(s['keys']).flatMap((raw) => {
    const k = obj(raw);
    const type = k && keyType(k);
    if (!k || !type) return [];
    const passphrase = str(obj(k['static'])?.['passphrase']);
    return [
      {
        slot: num(k['slot']) ?? 0,
        type,
        ...(k['lockToState'] === true ? { lockToState: true } : {}),
        ...(type === 'static' ? { staticPassphrase: Buffer.from(passphrase ?? '').toString('base64') } : {}),
        ...(type === 'kms' ? { kmsEndpoint: str(obj(k['kms'])?.['endpoint']) ?? '' } : {}),
      },
    ];
  });
  return {
    provider: 'luks2',
    keys,
    ...(str(s['cipher']) ? { cipher: str(s['cipher']) } : {}),
    ...(num(s['keySize']) ? { keySize: num(s['keySize']) } : {}),
    ...(num(s['blockSize']) ? { blockSize: num(s['blockSize']) } : {}),
    ...(list(s['options']).length ? { perfOptions: list(s['options']).map(String) } : {}),
  };
}

/** STATE's or EPHEMERAL's encryption in `cfg`: the VolumeConfig document's, else systemDiskEncryption's. */
export function systemVolumeEncryption(
  cfg: MachineConfig,
  label: 'STATE' | 'EPHEMERAL',
): EncryptionSpec | undefined {
  const doc = cfg.document('VolumeConfig', label);
  const fromDoc = encryptionFromSection(doc?.data['encryption']);
  if (fromDoc) return fromDoc;
  const machine = obj(obj(cfg.v1alpha1())?.['machine']);
  return encryptionFromSection(obj(machine?.['systemDiskEncryption'])?.[label.toLowerCase()]);
}

/** STATE's encryption as Talos writes it to META (its `block.EncryptionSpec` through Go's JSON). */
export function encodeStateEncryptionMeta(spec: EncryptionSpec | undefined): Buffer {
  if (!spec) return Buffer.from('null');
  return Buffer.from(
    JSON.stringify({
      EncryptionProvider: spec.provider,
      EncryptionKeys: spec.keys.map((k) => ({
        KeySlot: k.slot,
        KeyStatic:
          k.type === 'static'
            ? { KeyData: Buffer.from(k.staticPassphrase ?? '', 'base64').toString('utf8') }
            : null,
        KeyNodeID: k.type === 'nodeID' ? {} : null,
        KeyKMS: k.type === 'kms' ? { KMSEndpoint: k.kmsEndpoint ?? '' } : null,
        KeyTPM: k.type === 'tpm' ? {} : null,
        KeyLockToSTATE: k.lockToState ? true : null,
      })),
      EncryptionCipher: spec.cipher ?? '',
      EncryptionKeySize: spec.keySize ?? 0,
      EncryptionBlockSize: spec.blockSize ?? 0,
      EncryptionPerfOptions: spec.perfOptions ?? null,
    }),
  );
}

export class EncryptionMetaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionMetaError';
  }
}

/**
 * STATE's encryption from META: Talos's current JSON or the older v1alpha1 one (same field names), or
 * undefined for `null` (not encrypted). Throws EncryptionMetaError on anything else.
 */
export function decodeStateEncryptionMeta(data: Buffer): EncryptionSpec | undefined {
  let v: unknown;
  try {
    v = JSON.parse(data.toString('utf8'));
  } catch {
    throw new EncryptionMetaError('STATE encryption in META is not JSON');
  }
  if (v === null) return undefined;
  const s = obj(v);
  if (!s) throw new EncryptionMetaError('STATE encryption in META is not an object');
  const keys: EncryptionKeySpec[] = list(s['EncryptionKeys']).flatMap((raw): EncryptionKeySpec[] => {
    const k = obj(raw);
    if (!k) return [];
    const slot = num(k['KeySlot']) ?? 0;
    const lock: Partial<EncryptionKeySpec> = k['KeyLockToSTATE'] === true ? { lockToState: true } : {};
    if (obj(k['KeyNodeID'])) return [{ slot, type: 'nodeID' as const, ...lock }];
    const stat = obj(k['KeyStatic']);
    if (stat) {
      const data = Buffer.from(str(stat['KeyData']) ?? '').toString('base64');
      return [{ slot, type: 'static' as const, staticPassphrase: data, ...lock }];
    }
    const kms = obj(k['KeyKMS']);
    if (kms) return [{ slot, type: 'kms' as const, kmsEndpoint: str(kms['KMSEndpoint']) ?? '', ...lock }];
    if (obj(k['KeyTPM'])) return [{ slot, type: 'tpm' as const, ...lock }];
    return [];
  });
  if (keys.length === 0) throw new EncryptionMetaError('STATE encryption in META has no keys');
  return {
    provider: 'luks2',
    keys,
    ...(str(s['EncryptionCipher']) ? { cipher: str(s['EncryptionCipher']) } : {}),
    ...(num(s['EncryptionKeySize']) ? { keySize: num(s['EncryptionKeySize']) } : {}),
    ...(num(s['EncryptionBlockSize']) ? { blockSize: num(s['EncryptionBlockSize']) } : {}),
    ...(list(s['EncryptionPerfOptions']).length
      ? { perfOptions: list(s['EncryptionPerfOptions']).map(String) }
      : {}),
  };
}

/** Whether two specs ask for the same keys and settings. */
export function sameEncryption(a: EncryptionSpec | undefined, b: EncryptionSpec | undefined): boolean {
  return encodeStateEncryptionMeta(a).equals(encodeStateEncryptionMeta(b));
}

// The passphrase of each configured key, as Talos derives it: `nodeID` is the machine's SMBIOS UUID
// followed by the volume's label (a UUID that fails Talos's entropy check is refused: no character may
// make up more than half of it), `static` is the configured passphrase, and `lockToState` appends the
// random salt kept on STATE, `kms` is a random key sealed by a KMS server, the sealed form kept in the
// slot's LUKS2 token (a `sideroKMS` token whose id is the slot). A key that cannot be had (no UUID, no
// salt, no token, a KMS that refuses or cannot be reached, a TPM key this agent has no way to reach)
// says why; no error ever carries a passphrase.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import type { EncryptionKeySpec } from '../resources/block/volume-config';
import { errorMessage } from '../error-message';
import { KmsClient } from './kms-client';

/** Talos's token type of a KMS-sealed key. */
export const KMS_TOKEN_TYPE = 'sideroKMS';

export class KeyUnavailableError extends Error {
  constructor(
    readonly slot: number,
    reason: string,
  ) {
    super(`key in slot ${slot}: ${reason}`);
    this.name = 'KeyUnavailableError';
  }
}

/** The slot has no readable KMS token: its key cannot be had, and the slot is rewritten when synced. */
export class MissingTokenError extends KeyUnavailableError {
  constructor(slot: number, reason: string) {
    super(slot, reason);
    this.name = 'MissingTokenError';
  }
}

export interface KeySources {
  /** The machine's SMBIOS UUID (Talos's SystemInformation.uuid), or undefined when it has none. */
  readonly machineUUID: () => Promise<string | undefined>;
  /** STATE's disk encryption salt, or undefined while STATE is not mounted. */
  readonly salt: () => Promise<Buffer | undefined>;
  /** Settles once the network is up: a KMS is only asked after it (metal boot: STATE opens early). */
  readonly network?: () => Promise<void>;
}

/** Talos's entropy check: no single character may make up more than half of the UUID. */
export function uuidEntropyOk(uuid: string): boolean {
  const counts = new Map<string, number>();
  for (const c of uuid) {
    const n = (counts.get(c) ?? 0) + 1;
    if (n > Math.floor(uuid.length / 2)) return false;
    counts.set(c, n);
  }
  return true;
}

/** The passphrase for a `nodeID` or `static` key of the volume labelled `label`. Throws KeyUnavailableError. */
export async function derivePassphrase(
  key: EncryptionKeySpec,
  label: string,
  sources: KeySources,
): Promise<Buffer> {
  let value: Buffer;
  switch (key.type) {
    case 'nodeID':
      value = Buffer.from((await usableUUID(key, sources)) + label, 'utf8');
      break;
    case 'static':
      value = Buffer.from(key.staticPassphrase ?? '', 'base64');
      if (value.length === 0) throw new KeyUnavailableError(key.slot, 'static key has no passphrase');
      break;
    case 'kms':
      throw new KeyUnavailableError(key.slot, "a KMS key is read through the slot's token");
    default:
      throw new KeyUnavailableError(key.slot, `${key.type} keys are not supported by this agent`);
  }
  return salted(key, value, sources);
}

async function usableUUID(key: EncryptionKeySpec, sources: KeySources): Promise<string> {
  const uuid = await sources.machineUUID();
  if (!uuid) throw new KeyUnavailableError(key.slot, 'machine UUID is not populated');
  if (!uuidEntropyOk(uuid))
    throw new KeyUnavailableError(key.slot, `machine UUID ${uuid} entropy check failed`);
  return uuid;
}

async function salted(key: EncryptionKeySpec, value: Buffer, sources: KeySources): Promise<Buffer> {
  if (!key.lockToState) return value;
  const salt = await sources.salt();
  if (!salt) throw new KeyUnavailableError(key.slot, 'disk encryption salt is not available');
  return Buffer.concat([value, salt]);
}

/** A key to put in its slot, and the JSON of the LUKS2 token that goes with it (id = the slot). */
export interface NewSlotKey {
  readonly key: Buffer;
  readonly token?: string;
}

/** A client of `key`'s KMS, once the network is up. */
async function kmsClient(key: EncryptionKeySpec, sources: KeySources): Promise<KmsClient> {
  let client: KmsClient;
  try {
    client = new KmsClient(key.kmsEndpoint ?? '');
  } catch (e: unknown) {
    throw new KeyUnavailableError(key.slot, errorMessage(e));
  }
  try {
    await sources.network?.();
  } catch (e: unknown) {
    throw new KeyUnavailableError(key.slot, `the network is not up to reach the KMS: ${errorMessage(e)}`);
  }
  return client;
}

/** A key made for `key`'s slot: for KMS a new random key sealed by the KMS, otherwise the derived one. */
export async function newSlotKey(
  key: EncryptionKeySpec,
  label: string,
  sources: KeySources,
  signal: AbortSignal,
): Promise<NewSlotKey> {
  if (key.type !== 'kms') return { key: await derivePassphrase(key, label, sources) };
  const client = await kmsClient(key, sources);
  const uuid = await sources.machineUUID();
  if (!uuid) throw new KeyUnavailableError(key.slot, 'machine UUID is not populated');
  const plain = randomBytes(32);
  let sealed: Buffer;
  try {
    sealed = await client.seal(uuid, plain, signal);
  } catch (e: unknown) {
    throw new KeyUnavailableError(key.slot, `failed to seal KMS passphrase: ${errorMessage(e)}`);
  }
  const token = JSON.stringify({
    UserData: { sealedData: sealed.toString('base64') },
    type: KMS_TOKEN_TYPE,
    keyslots: [],
  });
  return { key: await salted(key, Buffer.from(plain.toString('base64')), sources), token };
}

/**
 * The key that `key`'s slot holds: for KMS unsealed from the slot's token (`token`: the token's JSON
 * object as the header has it, undefined when the slot has none), otherwise the derived one.
 */
export async function slotKey(
  key: EncryptionKeySpec,
  label: string,
  sources: KeySources,
  token: Readonly<Record<string, unknown>> | undefined,
  signal: AbortSignal,
): Promise<Buffer> {
  if (key.type !== 'kms') return derivePassphrase(key, label, sources);
  if (!token) throw new MissingTokenError(key.slot, 'the slot has no KMS token');
  const data = token['UserData'];
  const sealed =
    token['type'] === KMS_TOKEN_TYPE && typeof data === 'object' && data !== null
      ? (data as Record<string, unknown>)['sealedData']
      : undefined;
  if (typeof sealed !== 'string' || sealed === '')
    throw new MissingTokenError(key.slot, `the slot's token is not a ${KMS_TOKEN_TYPE} token`);
  const client = await kmsClient(key, sources);
  const uuid = await sources.machineUUID();
  if (!uuid) throw new KeyUnavailableError(key.slot, 'machine UUID is not populated');
  let plain: Buffer;
  try {
    plain = await client.unseal(uuid, Buffer.from(sealed, 'base64'), signal);
  } catch (e: unknown) {
    throw new KeyUnavailableError(key.slot, `failed to unseal KMS passphrase: ${errorMessage(e)}`);
  }
  return salted(key, Buffer.from(plain.toString('base64')), sources);
}

/** The SMBIOS UUID as Linux shows it (lower case, SMBIOS 2.6 byte order, as Talos reads it). */
export async function readMachineUUID(path = '/sys/class/dmi/id/product_uuid'): Promise<string | undefined> {
  try {
    const v = (await readFile(path, 'utf8')).trim().toLowerCase();
    return v === '' ? undefined : v;
  } catch {
    return undefined;
  }
}

const SALT_FILE = 'encryption-salt.yaml';
const SALT_SIZE = 32;

/** STATE's salt file as Talos writes it: `diskSalt: !!binary <base64>`. */
function parseSalt(text: string): Buffer | undefined {
  const m = /^diskSalt:\s*(?:!!binary\s*)?([A-Za-z0-9+/=\s]+)$/m.exec(text);
  const salt = m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : undefined;
  return salt && salt.length > 0 ? salt : undefined;
}

/**
 * The salt in `stateDir` (STATE's mount point), made (random, written atomically) when there is none
 * yet, as Talos does once STATE is up.
 */
export async function loadOrCreateSalt(stateDir: string): Promise<Buffer> {
  const path = join(stateDir, SALT_FILE);
  try {
    const salt = parseSalt(await readFile(path, 'utf8'));
    if (salt) return salt;
    throw new Error(`${path} holds no salt`);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const salt = randomBytes(SALT_SIZE);
  await writeFileAtomic(path, `diskSalt: !!binary ${salt.toString('base64')}\n`);
  return salt;
}

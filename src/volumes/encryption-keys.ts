// The passphrase of each configured key, as Talos derives it: `nodeID` is the machine's SMBIOS UUID
// followed by the volume's label (a UUID that fails Talos's entropy check is refused: no character may
// make up more than half of it), `static` is the configured passphrase, and `lockToState` appends the
// random salt kept on STATE. A key that cannot be had (no UUID, no salt, a KMS or TPM key this agent
// has no way to reach) says why; no error ever carries a passphrase.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import type { EncryptionKeySpec } from '../resources/block/volume-config';

export class KeyUnavailableError extends Error {
  constructor(
    readonly slot: number,
    reason: string,
  ) {
    super(`key in slot ${slot}: ${reason}`);
    this.name = 'KeyUnavailableError';
  }
}

export interface KeySources {
  /** The machine's SMBIOS UUID (Talos's SystemInformation.uuid), or undefined when it has none. */
  readonly machineUUID: () => Promise<string | undefined>;
  /** STATE's disk encryption salt, or undefined while STATE is not mounted. */
  readonly salt: () => Promise<Buffer | undefined>;
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

/** The passphrase for `key` of the volume labelled `label`. Throws KeyUnavailableError. */
export async function derivePassphrase(
  key: EncryptionKeySpec,
  label: string,
  sources: KeySources,
): Promise<Buffer> {
  let value: Buffer;
  switch (key.type) {
    case 'nodeID': {
      const uuid = await sources.machineUUID();
      if (!uuid) throw new KeyUnavailableError(key.slot, 'machine UUID is not populated');
      if (!uuidEntropyOk(uuid))
        throw new KeyUnavailableError(key.slot, `machine UUID ${uuid} entropy check failed`);
      value = Buffer.from(uuid + label, 'utf8');
      break;
    }
    case 'static':
      value = Buffer.from(key.staticPassphrase ?? '', 'base64');
      if (value.length === 0) throw new KeyUnavailableError(key.slot, 'static key has no passphrase');
      break;
    default:
      throw new KeyUnavailableError(key.slot, `${key.type} keys are not supported by this agent`);
  }
  if (key.lockToState) {
    const salt = await sources.salt();
    if (!salt) throw new KeyUnavailableError(key.slot, 'disk encryption salt is not available');
    value = Buffer.concat([value, salt]);
  }
  return value;
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

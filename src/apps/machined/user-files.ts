// machine.files, written when a config becomes active and before cri and the kubelet start (Talos's
// WriteUserFiles task): `create` always, `overwrite` and `append` only over an existing file (append
// adds a newline and the content). Paths are node paths under the root directory; a CRI config part
// (/etc/cri/conf.d/*.part, e.g. Talos's 20-customization.part) is merged into the CRI containerd's
// config when cri starts. Each file is written atomically; every failure is reported, none stops the others.
import { readFile, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { MachineConfig } from '../../config';
import { writeFileAtomic } from '../../files/atomic-write';
import { errorMessage } from '../../error-message';

export class UserFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`machine.files ${path}: ${reason}`);
    this.name = 'UserFileError';
  }
}

interface UserFile {
  content?: unknown;
  permissions?: unknown;
  path?: unknown;
  op?: unknown;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Writes the config's machine.files under `rootDir`; returns the errors (empty when all were written). */
export async function writeUserFiles(rootDir: string, config: MachineConfig): Promise<UserFileError[]> {
  const files = (config.v1alpha1()?.machine?.files ?? []) as UserFile[];
  const errors: UserFileError[] = [];
  for (const f of files) {
    const path = typeof f.path === 'string' ? f.path : '';
    const target = join(rootDir, normalize(`/${path}`));
    const content = typeof f.content === 'string' ? f.content : '';
    const mode = typeof f.permissions === 'number' ? f.permissions & 0o7777 : 0o644;
    try {
      let data = content;
      switch (f.op) {
        case 'create':
          break;
        case 'overwrite':
          if (!(await isFile(target))) throw new UserFileError(path, 'file does not exist');
          break;
        case 'append':
          if (!(await isFile(target))) throw new UserFileError(path, 'file does not exist');
          data = `${await readFile(target, 'utf8')}\n${content}`;
          break;
        default:
          throw new UserFileError(path, `unknown operation ${JSON.stringify(f.op)}`);
      }
      await writeFileAtomic(target, data, { mode, dirMode: 0o755 });
    } catch (e: unknown) {
      errors.push(e instanceof UserFileError ? e : new UserFileError(path, errorMessage(e)));
    }
  }
  return errors;
}

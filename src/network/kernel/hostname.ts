// The kernel's host and domain names (what sethostname(2) and setdomainname(2) set), written through
// /proc/sys/kernel, which sets them for the UTS namespace the agent runs in. Only on metal: in a
// container the host's names are the host's (as Talos leaves them).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface KernelNames {
  readonly hostname: string;
  readonly domainname: string;
}

/** The kernel's limit for each name (__NEW_UTS_LEN). */
const MAX_NAME = 64;

export class HostnameTooLongError extends Error {
  override readonly name = 'HostnameTooLongError';
}

export async function setKernelNames(names: KernelNames, proc = '/proc'): Promise<void> {
  for (const [file, value] of [
    ['hostname', names.hostname],
    ['domainname', names.domainname],
  ] as const) {
    if (Buffer.byteLength(value) > MAX_NAME)
      throw new HostnameTooLongError(`${file} "${value}" is longer than ${MAX_NAME} bytes`);
    // A lone newline sets the name to the empty string (the domain name of a host without one).
    await writeFile(join(proc, 'sys/kernel', file), `${value}\n`);
  }
}

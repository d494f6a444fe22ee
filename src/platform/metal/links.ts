// Network links as /sys/class/net shows them, and the iproute2 `ip` command (Node has no netlink).
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../../files/path-exists';

export interface LinkInfo {
  readonly name: string;
  /** Backed by a device (a NIC), not lo/veth/bridge/bond... : /sys/class/net/<name>/device exists. */
  readonly physical: boolean;
  readonly carrier: boolean;
  readonly mac?: string;
}

const readText = async (path: string): Promise<string | undefined> => {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined; // e.g. `carrier` reads EINVAL while the link is down
  }
};

/** All links sorted by name (as Talos picks "the first" link). */
export async function listLinks(sysClassNet = '/sys/class/net'): Promise<LinkInfo[]> {
  let names: string[];
  try {
    names = (await readdir(sysClassNet)).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const dir = join(sysClassNet, name);
      const mac = await readText(join(dir, 'address'));
      return {
        name,
        physical: name !== 'lo' && (await pathExists(join(dir, 'device'))),
        carrier: (await readText(join(dir, 'carrier'))) === '1',
        ...(mac ? { mac } : {}),
      };
    }),
  );
}

/** Runs `ip <args>`; rejects with the command and its stderr. */
export function ip(args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { signal, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const t = setTimeout(done, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

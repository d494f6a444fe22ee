// Two network namespaces joined by a veth pair, made by a test and removed after it (root and iproute2
// needed), with the server side addressed; and the DHCP client fixture (test/fixtures/dhcp/client.ts)
// run in the client namespace: bringUpNetwork, then keepLease for a while.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { requireRoot, requireTools, type Tool } from './tools';

const root = resolve(import.meta.dirname, '../..');
export const TSX = resolve(root, 'node_modules/.bin/tsx');
export const dhcpFixture = (f: string): string => resolve(root, 'test/fixtures/dhcp', f);

/** Namespaces can be made here (root, iproute2) and `tools` are on the PATH; throws what is missing. */
export function requireNetns(...tools: Tool[]): void {
  requireRoot('making network namespaces');
  requireTools('ip', ...tools);
}

export interface NetnsPair {
  readonly server: string;
  readonly client: string;
  readonly serverLink: string;
  readonly clientLink: string;
  /** `ip -n NS …`, its output. */
  ip(ns: string, ...args: string[]): string;
  remove(): void;
}

/** The pair, the server link up with `serverCidr` and a broadcast route (the client link stays down). */
export function createNetnsPair(serverCidr: string): NetnsPair {
  const id = randomBytes(3).toString('hex');
  const pair: NetnsPair = {
    server: `tts-dhcps-${id}`,
    client: `tts-dhcpc-${id}`,
    serverLink: `tvs${id}`,
    clientLink: `tvc${id}`,
    ip: (ns, ...args) => execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' }),
    remove: () => {
      for (const ns of [pair.server, pair.client]) {
        try {
          execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
        } catch {
          /* not created */
        }
      }
    },
  };
  try {
    execFileSync('ip', ['netns', 'add', pair.server]);
    execFileSync('ip', ['netns', 'add', pair.client]);
    execFileSync('ip', [
      'link', 'add', pair.clientLink, 'netns', pair.client, 'type', 'veth',
      'peer', 'name', pair.serverLink, 'netns', pair.server,
    ]); // prettier-ignore
    pair.ip(pair.server, 'addr', 'add', serverCidr, 'dev', pair.serverLink);
    pair.ip(pair.server, 'link', 'set', 'dev', pair.serverLink, 'up');
    pair.ip(pair.server, 'route', 'add', '255.255.255.255/32', 'dev', pair.serverLink);
  } catch (e: unknown) {
    pair.remove();
    throw e;
  }
  return pair;
}

export interface ClientRun {
  result: unknown;
  /** The client's log lines (JSON), in order. */
  log: { msg: string; [k: string]: unknown }[];
}

export const messages = (run: ClientRun): string[] => run.log.map((l) => l.msg);

/** Runs bringUpNetwork in namespace `ns` and, with `keepMs`, keeps the DHCP lease that long. */
export function runDhcpClient(ns: string, cmdline: string, keepMs = 0): Promise<ClientRun> {
  return new Promise((done, fail) => {
    const args = [TSX, dhcpFixture('client.ts'), cmdline, String(keepMs)];
    const c = spawn('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`client ${code}: ${err}`));
      const log = err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as ClientRun['log'][number]);
      done({ result: JSON.parse(out.trim().split('\n').at(-1) ?? 'null'), log });
    });
  });
}

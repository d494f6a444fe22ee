// The steps most integration tests begin with: `talos-ts gen config` for an endpoint, the talosconfig's
// admin credentials, and an insecure apply followed by an admin client once mTLS answers.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN } from './agent';
import { TestClient, type ClientTLS } from './client';
import { eventually } from './eventually';

export interface GeneratedConfig {
  /** controlplane.yaml as written. */
  readonly controlPlane: Buffer;
  /** The admin client credentials of the talosconfig. */
  readonly adminTLS: ClientTLS;
}

const b64 = (s: string): string => Buffer.from(s, 'base64').toString();

/** Runs `talos-ts gen config <cluster> https://<endpoint>:6443 -o <dir>` and reads what it wrote. */
export function generateConfig(dir: string, cluster: string, endpoint: string): GeneratedConfig {
  execFileSync(process.execPath, [BIN, 'gen', 'config', cluster, `https://${endpoint}:6443`, '-o', dir]);
  const tc = parse(readFileSync(join(dir, 'talosconfig'), 'utf8')) as {
    context: string;
    contexts: Record<string, { ca: string; crt: string; key: string }>;
  };
  const ctx = tc.contexts[tc.context]!;
  return {
    controlPlane: readFileSync(join(dir, 'controlplane.yaml')),
    adminTLS: { caPem: b64(ctx.ca), certPem: b64(ctx.crt), keyPem: b64(ctx.key) },
  };
}

/** Applies `config` as `talosctl apply-config --insecure` does, then waits for mTLS and returns a client. */
export async function applyAndConnect(address: string, config: Buffer, tls: ClientTLS): Promise<TestClient> {
  const insecure = new TestClient(address);
  try {
    await insecure.unary('/machine.MachineService/ApplyConfiguration', { data: config, mode: 'AUTO' });
  } finally {
    insecure.close();
  }
  return eventually(() => connectAnswering(address, tls));
}

/** A client whose first `Version` was answered (closed and rethrown when it was not). */
export async function connectAnswering(address: string, tls?: ClientTLS): Promise<TestClient> {
  const c = new TestClient(address, tls);
  try {
    await c.unary('/machine.MachineService/Version', {});
    return c;
  } catch (e: unknown) {
    c.close();
    throw e;
  }
}

/** A config with machine.registries: every registry through `endpoint`, no fallback to the registry itself. */
export function withMirror(config: Buffer, endpoint: string): Buffer {
  const docs = config.toString('utf8').split(/^---\n/m);
  const v1 = parse(docs[0]!) as { machine: Record<string, unknown> };
  v1.machine['registries'] = { mirrors: { '*': { endpoints: [endpoint], skipFallback: true } } };
  return Buffer.from([stringify(v1), ...docs.slice(1)].join('---\n'));
}

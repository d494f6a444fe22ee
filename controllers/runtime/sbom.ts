// runtime.SBOMController: SBOMItems, what the node runs: the Talos release it implements ("talos"),
// Node.js, the npm packages of the agent's bundle (sbom.json, written beside it by the build), and the
// versions of the programs it supervises that are present (containerd, runc, etcd, kubelet).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { SBOMItemDefinition, type SBOMItemSpec } from '../../src/resources/runtime/sbom-item';

const run = promisify(execFile);

/** A program's `--version` output → its version (`v` added where the output has none). */
const PROGRAMS: ReadonlyArray<{ name: string; args: string[]; pattern: RegExp; license: string }> = [
  { name: 'containerd', args: ['--version'], pattern: /^containerd \S+ v?(\S+)/, license: 'Apache-2.0' },
  { name: 'runc', args: ['--version'], pattern: /^runc version v?(\S+)/, license: 'Apache-2.0' },
  { name: 'etcd', args: ['--version'], pattern: /^etcd Version: v?(\S+)/, license: 'Apache-2.0' },
  { name: 'kubelet', args: ['--version'], pattern: /^Kubernetes v?(\S+)/, license: 'Apache-2.0' },
];

export interface SBOMControllerOptions {
  /** The Talos release the node reports ("v1.13.9"). */
  readonly talosVersion: string;
  /** The bundle's package list (sbom.json); absent when running from sources. */
  readonly bundleSBOM?: string;
  /** Where the supervised programs are looked up (default PATH). */
  readonly path?: string;
}

async function programVersion(
  p: (typeof PROGRAMS)[number],
  path: string | undefined,
): Promise<string | undefined> {
  try {
    const env = path === undefined ? process.env : { ...process.env, PATH: path };
    const { stdout } = await run(p.name, p.args, { timeout: 5_000, env });
    const m = p.pattern.exec(stdout.trim());
    return m?.[1] && `v${m[1]}`;
  } catch {
    return undefined; // not installed here
  }
}

export async function sbomItems(opts: SBOMControllerOptions): Promise<SBOMItemSpec[]> {
  const items: SBOMItemSpec[] = [
    { name: 'talos', version: opts.talosVersion, license: 'MPL-2.0' },
    {
      name: 'nodejs',
      version: process.version,
      license: 'MIT',
      cpes: [`cpe:2.3:a:nodejs:node.js:${process.version.slice(1)}:*:*:*:*:*:*:*`],
    },
  ];
  if (opts.bundleSBOM !== undefined) {
    const text = await readFile(opts.bundleSBOM, 'utf8').catch(() => undefined);
    if (text !== undefined) items.push(...(JSON.parse(text) as SBOMItemSpec[]));
  }
  for (const p of PROGRAMS) {
    const version = await programVersion(p, opts.path);
    if (version) items.push({ name: p.name, version, license: p.license });
  }
  return items;
}

export class SBOMController implements Controller {
  readonly name = 'runtime.SBOMController';

  constructor(private readonly opts: SBOMControllerOptions) {}

  inputs() {
    return [];
  }

  outputs() {
    return [{ type: SBOMItemDefinition.type, namespace: 'runtime', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const items = await sbomItems(this.opts);
      ctx.startTrackingOutputs();
      for (const item of items)
        await ctx.modify<SBOMItemSpec>(
          { namespace: 'runtime', type: SBOMItemDefinition.type, id: item.name },
          () => item,
        );
      await ctx.cleanupOutputs();
    }
  }
}

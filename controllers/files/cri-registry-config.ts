// files.CRIRegistryConfigController: the CRI containerd's registry files from the RegistriesConfig —
// the hosts directories under /etc/cri/conf.d/hosts (containerd reads them at every pull, so mirror
// changes apply at once) and /etc/cri/conf.d/01-registries.part (the hosts directory and the
// credentials, merged into the CRI config when cri starts). Directories and files no longer wanted are
// removed; every file is written atomically, under the root directory.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { criRegistriesPart, registryHosts } from '../../src/containerd/registry-hosts';
import { writeFileAtomic } from '../../src/files/atomic-write';
import { REGISTRIES_CONFIG, type RegistriesConfigSpec } from '../../src/resources/cri/registries-config';

/** Talos constants.EtcCRIConfdPath and CRIRegistryConfigPart. */
export const CRI_CONFD = '/etc/cri/conf.d';
export const CRI_HOSTS = `${CRI_CONFD}/hosts`;
export const CRI_REGISTRIES_PART = `${CRI_CONFD}/01-registries.part`;

export interface CRIRegistryConfigControllerOptions {
  readonly rootDir: string;
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

async function writeIfChanged(path: string, content: string, mode: number): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current !== content) await writeFileAtomic(path, content, { mode });
}

export class CRIRegistryConfigController implements Controller {
  readonly name = 'files.CRIRegistryConfigController';

  constructor(private readonly opts: CRIRegistryConfigControllerOptions) {}

  inputs() {
    return [{ ...REGISTRIES_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const hostsPath = join(this.opts.rootDir, CRI_HOSTS);
    while (await ctx.nextEvent(signal)) {
      const spec = (await getOptional<RegistriesConfigSpec>(ctx, REGISTRIES_CONFIG))?.spec;
      if (!spec) continue;
      const directories = registryHosts(spec, hostsPath);
      await writeIfChanged(
        join(this.opts.rootDir, CRI_REGISTRIES_PART),
        criRegistriesPart(spec, hostsPath),
        0o600,
      );
      for (const [dirName, files] of directories) {
        const dir = join(hostsPath, dirName);
        for (const f of files) await writeIfChanged(join(dir, f.name), f.content, f.mode);
        const wanted = new Set(files.map((f) => f.name));
        for (const name of await listDir(dir))
          if (!wanted.has(name)) await rm(join(dir, name), { force: true });
      }
      for (const name of await listDir(hostsPath))
        if (!directories.has(name)) await rm(join(hostsPath, name), { recursive: true, force: true });
      ctx.resetBackoff();
    }
  }
}

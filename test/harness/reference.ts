// Talos v1.13's reference facts and expected outputs (goldens), read from `../shared/reference/` beside
// the repository clone (CI puts it there). Every comparison against Talos goes through here: a missing
// folder or file fails the test with what is missing and where it was looked for, it never skips.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..', '..');
/** `../shared/reference` from the repository root. */
export const REFERENCE_DIR = resolve(REPO, '..', 'shared', 'reference');
/** Talos v1.13.9's expected outputs: bootstrap manifests, config stability, a secrets bundle, constants. */
export const GOLDENS_DIR = join(REFERENCE_DIR, 'talos-v1.13-goldens');

export class ReferenceMissingError extends Error {
  override name = 'ReferenceMissingError';
}

/** The absolute path of a reference file (relative to ../shared/reference); throws when it is missing. */
export function referencePath(file: string): string {
  const path = join(REFERENCE_DIR, file);
  if (!existsSync(path)) {
    const shown = relative(REPO, path);
    throw new ReferenceMissingError(
      `${shown} is missing: the comparisons against Talos v1.13 need the reference facts in ` +
        `../shared/reference/ beside the repository clone (see ../shared/reference/README.md)`,
    );
  }
  return path;
}

/** A reference file's text (path relative to ../shared/reference). */
export function readReference(file: string): string {
  return readFileSync(referencePath(file), 'utf8');
}

/** A golden file's text (path relative to ../shared/reference/talos-v1.13-goldens). */
export function readGolden(file: string): string {
  return readReference(join('talos-v1.13-goldens', file));
}

export interface TalosConstants {
  readonly talos_tag: string;
  readonly default_kubernetes_version: string;
  readonly default_installer_image: string;
}

/** The release tag, default Kubernetes version and default installer image of Talos v1.13.9. */
export function talosConstants(): TalosConstants {
  return JSON.parse(readGolden('constants.json')) as TalosConstants;
}

// What Version answers: the Talos API release we are compatible with, and our own build.
import { arch } from 'node:process';

export interface VersionInfo {
  readonly tag: string;
  readonly sha: string;
  readonly built: string;
  readonly runtime: string;
  readonly os: string;
  readonly arch: string;
  readonly platform: string;
  readonly platformMode: string;
}

/** The Talos release whose API this agent speaks. */
export const TALOS_VERSION = 'v1.13.9';

declare const __TALOS_TS_SHA__: string | undefined;
declare const __TALOS_TS_BUILT__: string | undefined;

export function versionInfo(platform: string): VersionInfo {
  return {
    tag: TALOS_VERSION,
    sha: typeof __TALOS_TS_SHA__ === 'string' ? __TALOS_TS_SHA__ : 'dev',
    built: typeof __TALOS_TS_BUILT__ === 'string' ? __TALOS_TS_BUILT__ : '',
    runtime: `node${process.versions.node}`,
    os: 'linux',
    arch: arch === 'x64' ? 'amd64' : arch,
    platform,
    platformMode: platform,
  };
}

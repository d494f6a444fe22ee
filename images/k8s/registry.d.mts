// Types of registry.mjs for the TypeScript callers (tests).
export const REGISTRY_BINARY: string;
export function registryConfig(dir: string, addr: string): string;
export interface RunningRegistry {
  readonly url: string;
  readonly addr: string;
  readonly dir: string;
  readonly pid: number | undefined;
  stop(): Promise<{ code: number | null; signal: string | null }>;
}
export function startRegistry(opts: {
  dir: string;
  addr: string;
  binary?: string;
  timeoutMs?: number;
  spawnPrefix?: string[];
}): Promise<RunningRegistry>;
export function digestOf(b: Buffer): string;
export function pushImage(
  url: string,
  repo: string,
  tag: string,
  image: { blobs: Map<string, Buffer>; manifest: Buffer; mediaType: string },
  mountFrom?: Map<string, string>,
): Promise<{ digest: string; uploaded: number }>;

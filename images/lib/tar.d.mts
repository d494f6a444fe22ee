// Types of tar.mjs for the TypeScript callers (tests).
export interface TarWriteEntry {
  name: string;
  data?: Buffer;
  mode?: number;
  type?: 'file' | 'dir' | 'symlink';
  linkname?: string;
}
export function writeTar(entries: readonly TarWriteEntry[], options?: { mtime?: number }): Buffer;

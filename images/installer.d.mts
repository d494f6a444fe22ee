// Types of installer.mjs for the TypeScript callers (tests).
export interface LayoutFile {
  path: string;
  data: Buffer;
  mode?: number;
}
export interface OciLayout {
  /** digest → bytes */
  blobs: Map<string, Buffer>;
  /** index.json */
  index: Buffer;
  /** What the tag points at: the manifest (one platform) or the image index (several). */
  digest: string;
}
export function installerFiles(arch: string, kernel: Buffer, initramfs: Buffer): LayoutFile[];
export function buildLayout(options: {
  image: string;
  tag: string;
  platforms: { arch: string; files: LayoutFile[] }[];
  gzip?: boolean;
  mtime?: number;
}): OciLayout;
export function layoutTar(layout: OciLayout, mtime?: number): Buffer;

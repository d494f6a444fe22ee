// File systems on volumes: made (XFS, ext4) with the volume's label, and grown to a grown partition
// (XFS while mounted, ext4 before).
import { formatXfs, type CommandRunner } from '../install/command';
import type { FilesystemType } from '../resources/block/enums';

export class UnsupportedFilesystemError extends Error {
  constructor(type: string) {
    super(`unsupported filesystem type: ${type}`);
    this.name = 'UnsupportedFilesystemError';
  }
}

export async function makeFilesystem(
  type: FilesystemType,
  label: string,
  device: string,
  run: CommandRunner,
  signal: AbortSignal,
): Promise<void> {
  switch (type) {
    case 'xfs':
      await formatXfs(label, device, run, signal);
      return;
    case 'ext4':
      await run('mkfs.ext4', ['-F', '-q', ...(label ? ['-L', label] : []), device], signal);
      return;
    default:
      throw new UnsupportedFilesystemError(type);
  }
}

/** Grows an ext4 before it is mounted (resize2fs), an XFS once it is (xfs_growfs on its mount point). */
export async function growFilesystem(
  type: FilesystemType,
  device: string,
  mountPoint: string | undefined,
  run: CommandRunner,
  signal: AbortSignal,
): Promise<void> {
  if (type === 'ext4' && mountPoint === undefined) await run('resize2fs', [device], signal);
  if (type === 'xfs' && mountPoint !== undefined) await run('xfs_growfs', [mountPoint], signal);
}

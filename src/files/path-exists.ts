// Whether a path exists (any kind of file; false when it cannot be reached).
import { access } from 'node:fs/promises';

export const pathExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

// SystemDisks.block.talos.dev: the disk the system is installed on (id `system-disk`), the one holding META.
import { defineResource } from '../definition';

export const SYSTEM_DISK_ID = 'system-disk';

export interface SystemDiskSpec {
  diskID: string;
  devPath: string;
}

export const SystemDiskDefinition = defineResource<SystemDiskSpec>({
  type: 'SystemDisks.block.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [{ name: 'Disk', jsonPath: '{.diskID}' }],
  protoSpec: 'talos.resource.definitions.block.SystemDiskSpec',
  toProto: (s) => ({ disk_id: s.diskID, dev_path: s.devPath }),
});

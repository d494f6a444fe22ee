// BlockDevices.block.talos.dev: every block device the kernel lists, disks and partitions (id: its name).
import { defineResource } from '../definition';

export interface BlockDeviceSpec {
  /** `disk` or `partition`. */
  type: string;
  major: number;
  minor: number;
  partitionName?: string;
  partitionNumber?: number;
  /** The sysfs path, e.g. `/sys/devices/pci0000:00/0000:00:04.0/virtio2/block/vda`. */
  devicePath: string;
  /** Bumped whenever the device changes (a new partition table, a resize). */
  generation: number;
  parent?: string;
  secondaries?: string[];
}

export const BlockDeviceDefinition = defineResource<BlockDeviceSpec>({
  type: 'BlockDevices.block.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Type', jsonPath: '{.type}' },
    { name: 'PartitionName', jsonPath: '{.partitionName}' },
    { name: 'Generation', jsonPath: '{.generation}' },
  ],
  protoSpec: 'talos.resource.definitions.block.DeviceSpec',
  toProto: (s) => ({
    type: s.type,
    major: s.major,
    minor: s.minor,
    partition_name: s.partitionName,
    partition_number: s.partitionNumber,
    generation: s.generation,
    device_path: s.devicePath,
    parent: s.parent,
    secondaries: s.secondaries ?? [],
  }),
});

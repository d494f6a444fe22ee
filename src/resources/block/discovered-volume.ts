// DiscoveredVolumes.block.talos.dev: what a probe finds on each disk and partition: a partition table,
// a file system or a LUKS2 header, with its UUID and label, and the GPT entry of a partition (id: the
// device's name).
import { defineResource } from '../definition';

export interface DiscoveredVolumeSpec {
  dev_path: string;
  /** `disk` or `partition`. */
  type: string;
  device_path: string;
  parent?: string;
  parent_dev_path?: string;
  offset: number;
  size: number;
  pretty_size: string;
  sector_size?: number;
  io_size?: number;
  /** What was found: `gpt`, `xfs`, `vfat`, `ext4`, `iso9660`, `luks`, `swap`, or empty. */
  name: string;
  uuid?: string;
  label?: string;
  block_size?: number;
  filesystem_block_size?: number;
  probed_size?: number;
  partition_uuid?: string;
  partition_type?: string;
  partition_label?: string;
  partition_index?: number;
}

export const DiscoveredVolumeDefinition = defineResource<DiscoveredVolumeSpec>({
  type: 'DiscoveredVolumes.block.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Type', jsonPath: '{.type}' },
    { name: 'Size', jsonPath: '{.pretty_size}' },
    { name: 'Discovered', jsonPath: '{.name}' },
    { name: 'Label', jsonPath: '{.label}' },
    { name: 'PartitionLabel', jsonPath: '{.partition_label}' },
  ],
  protoSpec: 'talos.resource.definitions.block.DiscoveredVolumeSpec',
});

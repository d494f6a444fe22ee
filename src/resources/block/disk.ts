// Disks.block.talos.dev: a whole disk as sysfs shows it (id: the kernel's name, e.g. `vda`).
import { defineResource } from '../definition';

export interface DiskSpec {
  dev_path: string;
  size: number;
  pretty_size: string;
  io_size: number;
  sector_size: number;
  readonly: boolean;
  cdrom: boolean;
  model?: string;
  serial?: string;
  modalias?: string;
  wwid?: string;
  uuid?: string;
  bus_path?: string;
  sub_system?: string;
  transport?: string;
  rotational?: boolean;
  secondary_disks?: string[];
  symlinks?: string[];
}

export const DiskDefinition = defineResource<DiskSpec>({
  type: 'Disks.block.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Size', jsonPath: '{.pretty_size}' },
    { name: 'Read Only', jsonPath: '{.readonly}' },
    { name: 'Transport', jsonPath: '{.transport}' },
    { name: 'Rotational', jsonPath: '{.rotational}' },
    { name: 'WWID', jsonPath: '{.wwid}' },
    { name: 'Model', jsonPath: '{.model}' },
    { name: 'Serial', jsonPath: '{.serial}' },
  ],
  protoSpec: 'talos.resource.definitions.block.DiskSpec',
});

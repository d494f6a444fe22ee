// What each volume should be: STATE and EPHEMERAL on the system disk as Talos sizes them, EPHEMERAL's
// VolumeConfig document honoured, one volume per UserVolumeConfig; sizes as configs write them.
import { describe, expect, it } from 'vitest';
import { MachineConfig } from '../../../src/config';
import {
  ephemeralVolumeConfig,
  parseSize,
  SizeError,
  stateVolumeConfig,
  userVolumeConfigs,
} from '../../../src/volumes/volume-configs';

describe('volume configs', () => {
  it('parses sizes in bytes, SI and IEC units, and percentages where allowed', () => {
    expect(parseSize('10GiB')).toBe(10 * 2 ** 30);
    expect(parseSize('100 MB')).toBe(100e6);
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize('50%', true)).toEqual({ percent: 50 });
    expect(parseSize(undefined)).toBeUndefined();
    for (const bad of ['lots', '10 XB', '-5GB', '150%'])
      expect(() => parseSize(bad, true), bad).toThrow(SizeError);
    expect(() => parseSize('50%')).toThrow(SizeError);
  });

  it('makes STATE 100 MiB on the system disk only when asked to provision it', () => {
    expect(stateVolumeConfig(undefined, false).provisioning.partitionSpec).toBeUndefined();
    expect(stateVolumeConfig(undefined, true).provisioning).toMatchObject({
      diskSelector: { match: 'system_disk' },
      partitionSpec: { minSize: 100 * 2 ** 20, maxSize: 100 * 2 ** 20, grow: false, label: 'STATE' },
      filesystemSpec: { type: 'xfs', label: 'STATE' },
    });
  });

  it('grows EPHEMERAL by default, and follows its VolumeConfig; one volume per UserVolumeConfig', () => {
    const plain = new MachineConfig([{ kind: 'v1alpha1', data: { machine: {} } }]);
    expect(ephemeralVolumeConfig(plain).provisioning.partitionSpec).toMatchObject({
      minSize: 2 * 2 ** 30,
      grow: true,
      label: 'EPHEMERAL',
    });
    const cfg = new MachineConfig([
      { kind: 'v1alpha1', data: { machine: {} } },
      {
        kind: 'VolumeConfig',
        apiVersion: 'v1alpha1',
        name: 'EPHEMERAL',
        data: {
          provisioning: { maxSize: '5GiB', grow: false, diskSelector: { match: 'disk.transport == "nvme"' } },
        },
      },
      {
        kind: 'UserVolumeConfig',
        apiVersion: 'v1alpha1',
        name: 'data',
        data: {
          provisioning: { diskSelector: { match: '!system_disk' }, minSize: '1GiB', maxSize: '2GiB' },
          filesystem: { type: 'ext4' },
          encryption: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
        },
      },
    ]);
    expect(ephemeralVolumeConfig(cfg).provisioning).toMatchObject({
      diskSelector: { match: 'disk.transport == "nvme"' },
      partitionSpec: { maxSize: 5 * 2 ** 30, grow: false },
    });
    const users = userVolumeConfigs(cfg);
    expect([...users.keys()]).toEqual(['u-data']);
    expect(users.get('u-data')).toMatchObject({
      provisioning: {
        diskSelector: { match: '!system_disk' },
        partitionSpec: { minSize: 2 ** 30, maxSize: 2 * 2 ** 30, label: 'u-data' },
        filesystemSpec: { type: 'ext4', label: 'u-data' },
      },
      encryption: { provider: 'luks2', keys: [{ slot: 0, type: 'nodeID' }] },
      mount: { targetPath: '/var/mnt/data' },
    });
  });
});

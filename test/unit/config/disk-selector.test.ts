// Disk selectors: the CEL forms Talos's docs and examples use, evaluated over a disk as the Disks
// resource shows it; malformed ones are refused when parsed.
import { describe, expect, it } from 'vitest';
import { DiskSelectorError, parseDiskSelector } from '../../../src/config/disk-selector';

const vda = { dev_path: '/dev/vda', size: 10 * 2 ** 30, transport: 'virtio', rotational: false, model: '' };
const sdb = { dev_path: '/dev/sdb', size: 500e9, transport: 'sata', rotational: true, model: 'WDC WD5000' };
const on = (expr: string, disk: Record<string, unknown>, system = false) =>
  parseDiskSelector(expr).matches({ disk, system_disk: system });

describe('disk selectors', () => {
  it('evaluates the forms Talos documents', () => {
    expect(on('system_disk', vda, true)).toBe(true);
    expect(on('!system_disk', vda, true)).toBe(false);
    expect(on('disk.transport == "virtio" && !system_disk', vda)).toBe(true);
    expect(on('disk.size > 120u * GB', sdb)).toBe(true);
    expect(on('disk.size > 120u * GB', vda)).toBe(false);
    expect(on('disk.size >= 10u * GiB && disk.size < 11u * GiB', vda)).toBe(true);
    expect(on("disk.rotational && disk.model.startsWith('WDC')", sdb)).toBe(true);
    expect(on('glob("/dev/sd*", disk.dev_path)', sdb)).toBe(true);
    expect(on('glob("/dev/sd*", disk.dev_path)', vda)).toBe(false);
    expect(on('disk.transport in ["nvme", "sata"]', sdb)).toBe(true);
    expect(on('(disk.serial == "") ? true : false', vda)).toBe(true);
    expect(on('disk.dev_path == "/dev/vdb" || disk.dev_path == "/dev/vda"', vda)).toBe(true);
  });

  it('refuses expressions it cannot parse or evaluate to a boolean', () => {
    for (const bad of [
      'disk.size >',
      'disk.transport == "virtio',
      '&& true',
      'disk..size',
      '(true',
      '1 @ 2',
    ]) {
      expect(() => parseDiskSelector(bad), bad).toThrow(DiskSelectorError);
    }
    expect(() => on('disk.size', vda)).toThrow(/is not a boolean/);
    expect(() => on('nope == 1', vda)).toThrow(/undeclared reference to nope/);
    expect(() => on('frobnicate(disk)', vda)).toThrow(/unknown function frobnicate/);
  });
});

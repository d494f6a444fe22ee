import { describe, expect, it } from 'vitest';
import { planBootWipe, planMetalReset, type SystemDisk } from '../../../../src/apps/machined/metal-reset';
import { grpcCode } from '../../../harness/client';

const system = {
  disk: '/dev/vda',
  partitions: new Map([
    ['BOOT', '/dev/vda3'],
    ['STATE', '/dev/vda5'],
    ['EPHEMERAL', '/dev/vda6'],
  ]),
};
const exists = (p: string) => ['/dev/vda', '/dev/vdb'].includes(p);
const plan = (req: Parameters<typeof planMetalReset>[0], sys: SystemDisk = system) =>
  planMetalReset(req, sys, exists);
const refusal = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('not refused');
};

describe('metal reset plan', () => {
  it('wipes the whole system disk when no label is named (mode ALL or SYSTEM_DISK)', () => {
    expect(plan({ reboot: true })).toEqual({ partitions: [], disks: ['/dev/vda'], reboot: true });
    expect(plan({ mode: 'SYSTEM_DISK' }).disks).toEqual(['/dev/vda']);
    expect(plan({ mode: 'USER_DISKS' }).disks).toEqual([]);
  });

  it('wipes only the labels named with wipe set, and nothing else', () => {
    const p = plan({
      reboot: true,
      system_partitions_to_wipe: [
        { label: 'STATE', wipe: true },
        { label: 'EPHEMERAL', wipe: true },
        { label: 'BOOT', wipe: false },
      ],
    });
    expect(p).toEqual({
      partitions: [
        { label: 'STATE', device: '/dev/vda5' },
        { label: 'EPHEMERAL', device: '/dev/vda6' },
      ],
      disks: [],
      reboot: true,
    });
  });

  it('refuses a label that is not a volume of this node, before anything runs', () => {
    const e = refusal(() => plan({ system_partitions_to_wipe: [{ label: 'NOPE', wipe: true }] }));
    expect(grpcCode(e)).toBe(3);
    expect(String(e)).toContain('failed to get volume status with label "NOPE"');
    // Booted from ISO or PXE alone: there is no STATE to wipe.
    const none = { partitions: new Map<string, string>() };
    expect(
      String(refusal(() => plan({ system_partitions_to_wipe: [{ label: 'STATE', wipe: true }] }, none))),
    ).toContain('label "STATE"');
    expect(plan({}, none)).toEqual({ partitions: [], disks: [], reboot: false });
  });

  it('checks user disks as Talos does', () => {
    expect(plan({ user_disks_to_wipe: ['/dev/vdb'], mode: 'USER_DISKS' }).disks).toEqual(['/dev/vdb']);
    expect(plan({ user_disks_to_wipe: ['/dev/vdb'] }).disks).toEqual(['/dev/vda', '/dev/vdb']);
    expect(String(refusal(() => plan({ user_disks_to_wipe: ['/dev/sdz'] })))).toContain(
      "reset user disk failed: device /dev/sdz wasn't found",
    );
    expect(String(refusal(() => plan({ user_disks_to_wipe: ['/dev/vda'] })))).toContain(
      'reset user disk failed: device /dev/vda is the system disk',
    );
    expect(String(refusal(() => plan({ user_disks_to_wipe: ['/dev/vdb'], mode: 'SYSTEM_DISK' })))).toContain(
      "wipe mode SYSTEM_DISK doesn't support UserDisksToWipe parameter",
    );
    expect(
      String(
        refusal(() =>
          plan({ system_partitions_to_wipe: [{ label: 'STATE', wipe: true }], mode: 'USER_DISKS' }),
        ),
      ),
    ).toContain("wipe mode USER_DISKS doesn't support SystemPartitionsToWipe parameter");
  });

  it('follows talos.experimental.wipe= from the boot menu', () => {
    expect(planBootWipe(undefined, system)).toBeUndefined();
    expect(planBootWipe('system:EPHEMERAL,STATE', system)?.partitions).toEqual([
      { label: 'EPHEMERAL', device: '/dev/vda6' },
      { label: 'STATE', device: '/dev/vda5' },
    ]);
    expect(planBootWipe('system', system)?.disks).toEqual(['/dev/vda']);
    expect(() => planBootWipe('system:NOPE', system)).toThrow('no system volume labelled NOPE');
    expect(() => planBootWipe('everything', system)).toThrow('expected system or system:<label>');
  });
});

// The boot id (/proc/sys/kernel/random/boot_id), which `talosctl reboot --wait` reads before and after
// to see the new boot. On metal it is the kernel's; on the container platform the process stands in for
// a reboot, so each stand-in boot gets a new one, served at that path by Read.
import { randomUUID } from 'node:crypto';

export const BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';

export class BootId {
  private id = randomUUID();

  get current(): string {
    return this.id;
  }

  renew(): void {
    this.id = randomUUID();
  }
}

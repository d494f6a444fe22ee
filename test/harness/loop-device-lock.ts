// Tests that attach loop devices and partition them run one at a time, across test files and
// checkouts: partition device nodes (/dev/loopNpM) take their numbers from a pool the kernel shares
// between all loop devices, so two such tests at once can see each other's partitions (a busy device,
// a file system that is not theirs). The lock is a directory in the temp dir holding the owner's PID;
// a dead owner's lock is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK = join(tmpdir(), 'talos-ts-loop-devices.lock');

function ownerAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    // no pid file yet (being taken right now) counts as alive; a pid that no longer exists does not
    return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the loop-device lock; resolves with its release. */
export async function lockLoopDevices(): Promise<() => void> {
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // a lock without a live owner (a killed run) is stale; give a new one a moment to write its pid
      if (waited % 10 === 9 && !ownerAlive()) rmSync(LOCK, { recursive: true, force: true });
      await sleep(200);
    }
  }
}

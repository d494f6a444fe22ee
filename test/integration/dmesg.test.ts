// Dmesg against the kernel's log buffer, with a real agent in maintenance mode on 127.0.0.135: the
// buffer as this test reads it from /dev/kmsg itself, records this test writes into it (needs root:
// /dev/kmsg takes writes from root only), follow with and without tail, and cancelled followers leaving
// no reader open in the agent.
import { closeSync, constants, openSync, readdirSync, readlinkSync, readSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient } from '../harness/client';

const ADDRESS = '127.0.0.135';
const DMESG = '/machine.MachineService/Dmesg';
const LINE =
  /^(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|local\d): {0,7}(emerg|alert|crit|err|warning|notice|info|debug): \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\]: /;

interface Data {
  bytes: Buffer;
  metadata: { error: string } | null;
}

let agent: Agent;
let stateDir: string;
let client: TestClient;

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test writes to /dev/kmsg, which needs root');
  stateDir = await makeStateDir();
  agent = startAgent(ADDRESS, stateDir);
  await agent.waitReady();
  client = new TestClient(ADDRESS);
});

afterAll(async () => {
  client?.close();
  await agent?.stop();
  await removeDir(stateDir);
});

/** The texts of the records /dev/kmsg holds now, as this test reads them. */
function kernelBuffer(): string[] {
  const fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.alloc(8192);
  const out: string[] = [];
  try {
    for (;;) {
      try {
        const n = readSync(fd, buf, 0, buf.length, null);
        const record = buf.toString('utf8', 0, n);
        const first = record.slice(record.indexOf(';') + 1).split('\n')[0]!;
        out.push(first.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
      } catch (e: unknown) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return out;
        if (code !== 'EPIPE') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const write = (text: string): void => writeFileSync('/dev/kmsg', `<6>${text}\n`);
const text = (d: Data): string => d.bytes.toString().replace(LINE, '').split('\n')[0]!;

/** Writes `marker` every 100 ms until `done` settles. */
async function writeUntil<T>(marker: string, done: Promise<T>): Promise<T> {
  let settled = false;
  void done.finally(() => (settled = true)).catch(() => undefined);
  while (!settled) {
    write(marker);
    await new Promise((r) => setTimeout(r, 100));
  }
  return done;
}

const kmsgReaders = (): number =>
  readdirSync(`/proc/${agent.pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${agent.pid}/fd/${fd}`) === '/dev/kmsg';
    } catch {
      return false; // closed meanwhile
    }
  }).length;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within 5 s: ${what}`);
}

describe('Dmesg', () => {
  it("sends the kernel's buffer, one record per message, as Talos writes them", async () => {
    const marker = `talos-ts-dmesg-${randomUUID()}`;
    write(marker);
    const mine = kernelBuffer();
    const sent = await client.serverStream<Data>(DMESG, { follow: false, tail: false });
    for (const d of sent) expect(d.bytes.toString()).toMatch(LINE);
    const texts = sent.map(text);
    // the marker once, after the same records as in this test's own reading (kernel texts repeat, so
    // they are matched up to the marker, which is unique)
    expect(texts.filter((t) => t === marker)).toHaveLength(1);
    const at = texts.indexOf(marker);
    const last = mine.slice(mine.lastIndexOf(marker) - 9, mine.lastIndexOf(marker) + 1);
    expect(texts.slice(at - 9, at + 1)).toEqual(last);
    const line = sent.find((d) => text(d) === marker)!.bytes.toString();
    expect(line.startsWith('user:    info: [')).toBe(true);
    const time = Date.parse(LINE.exec(line)![3]!);
    expect(Math.abs(time - Date.now())).toBeLessThan(5000);
  });

  it('follows: the buffer first, then what is written later, each record once', async () => {
    const old = `talos-ts-dmesg-old-${randomUUID()}`;
    const later = `talos-ts-dmesg-later-${randomUUID()}`;
    write(old);
    const stream = client.serverStream<Data>(
      DMESG,
      { follow: true, tail: false },
      Infinity,
      (d, all) => all.some((x) => text(x) === old) && text(d) === later,
    );
    const records = await writeUntil(later, stream);
    const sent = records.map(text);
    expect(sent.filter((t) => t === old)).toHaveLength(1);
    expect(sent.indexOf(old)).toBeLessThan(sent.indexOf(later));
    // no record twice (texts repeat in the kernel's log; a record's line with its time does not)
    const lines = records.map((d) => d.bytes.toString());
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('follows from the tail: nothing the buffer held before the call', async () => {
    const old = `talos-ts-dmesg-before-${randomUUID()}`;
    const later = `talos-ts-dmesg-after-${randomUUID()}`;
    write(old);
    const stream = client.serverStream<Data>(
      DMESG,
      { follow: true, tail: true },
      Infinity,
      (d) => text(d) === later,
    );
    const sent = (await writeUntil(later, stream)).map(text);
    expect(sent).not.toContain(old);
    expect(sent).toContain(later);
  });

  it('shares one reader among followers, and cancelled streams leave none open', async () => {
    await until(() => kmsgReaders() === 0, 'no reader before the streams');
    const marker = `talos-ts-dmesg-shared-${randomUUID()}`;
    const streams = Array.from({ length: 5 }, () =>
      client.serverStream<Data>(DMESG, { follow: true, tail: true }, Infinity, (d) => text(d) === marker),
    );
    await until(() => kmsgReaders() === 1, 'one reader for five followers');
    const got = await writeUntil(marker, Promise.all(streams));
    for (const s of got) expect(s.map(text)).toContain(marker);
    // serverStream cancels each call once its marker came
    await until(() => kmsgReaders() === 0, 'no reader once the streams are cancelled');
    expect(agent.output()).not.toMatch(/unhandled|TypeError/i);
  });
});

// A packet capture on one link as a pcap stream (PacketCapture, `talosctl pcap`). Talos opens an
// AF_PACKET socket and attaches the client's classic BPF program to it; Node.js can do neither, so
// tcpdump (Debian's) captures the link unfiltered, with the whole of each packet, into a pipe, and the
// program runs here over each packet (classic-bpf.ts): a packet the program drops is not sent, one it
// keeps is cut to what it returns and to the snap length. The stream is Talos's: a pcap file header
// (microseconds, the snap length asked, Ethernet for Ethernet and loopback links, raw IP for links
// without a link layer) and the packets. tcpdump ends with the capture.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { checkProgram, runProgram, type BpfInstruction } from './classic-bpf';

export const TCPDUMP = process.env['TALOS_TS_TCPDUMP_BIN'] ?? '/usr/bin/tcpdump';
/** Talos's default snap length (afpacket's default frame size). */
export const DEFAULT_SNAP_LEN = 4096;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
/** The capture's own snap length: whole packets, so the filter sees what the kernel's would. */
const CAPTURE_SNAP_LEN = 262144;

export type CaptureProblem = 'no-link' | 'link-type' | 'filter' | 'tool';

export class PacketCaptureError extends Error {
  constructor(
    readonly problem: CaptureProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PacketCaptureError';
  }
}

export interface CaptureOptions {
  readonly link: string;
  readonly promiscuous: boolean;
  readonly snapLen: number;
  readonly filter: readonly BpfInstruction[];
  readonly signal: AbortSignal;
}

/** The pcap link type of a link, from its ARPHRD type in sysfs. */
async function linkTypeOf(link: string): Promise<number> {
  if (link === '' || link.includes('/') || link === '.' || link === '..')
    throw new PacketCaptureError('no-link', `interface ${JSON.stringify(link)} not found`);
  let arphrd: number;
  try {
    arphrd = Number((await readFile(`/sys/class/net/${link}/type`, 'utf8')).trim());
  } catch {
    throw new PacketCaptureError('no-link', `interface ${JSON.stringify(link)} not found`);
  }
  if (arphrd === 1 || arphrd === 772) return LINKTYPE_ETHERNET;
  if (arphrd === 65534) return LINKTYPE_RAW;
  throw new PacketCaptureError('link-type', `unsupported link type ${arphrd}`);
}

function fileHeader(snapLen: number, linkType: number): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(snapLen, 16);
  h.writeUInt32LE(linkType, 20);
  return h;
}

/** Checks the request and starts the capture: the pcap stream, ending when `signal` fires. */
export async function capturePackets(o: CaptureOptions): Promise<AsyncGenerator<Buffer>> {
  const linkType = await linkTypeOf(o.link);
  if (o.filter.length > 0) {
    try {
      checkProgram(o.filter);
    } catch (e: unknown) {
      throw new PacketCaptureError('filter', `error setting BPF filter: ${(e as Error).message}`);
    }
  }
  const snapLen = o.snapLen === 0 ? DEFAULT_SNAP_LEN : o.snapLen;
  const args = ['-i', o.link, '-s', String(CAPTURE_SNAP_LEN), '-U', '-w', '-', '--immediate-mode', '-q'];
  if (!o.promiscuous) args.push('-p');
  const child = spawn(TCPDUMP, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let listening: () => void = () => undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4096);
    if (stderr.includes('listening on')) listening();
  });
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  o.signal.addEventListener('abort', stop, { once: true });
  const started = new Promise<void>((resolve, reject) => {
    child.once('error', (e) =>
      reject(new PacketCaptureError('tool', `${TCPDUMP}: ${e.message} (apt-get install tcpdump)`)),
    );
    listening = resolve;
    child.once('exit', () => reject(new PacketCaptureError('tool', `tcpdump: ${stderr.trim() || 'exited'}`)));
  });
  try {
    await started;
  } catch (e: unknown) {
    o.signal.removeEventListener('abort', stop);
    child.kill('SIGKILL');
    throw e;
  }
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('close', () => r())));
  return (async function* () {
    try {
      yield fileHeader(snapLen, linkType);
      let buf: Buffer = Buffer.alloc(0);
      let headerSeen = false;
      let little = true;
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        if (!headerSeen) {
          if (buf.length < 24) continue;
          little = buf.readUInt32LE(0) === 0xa1b2c3d4;
          buf = buf.subarray(24);
          headerSeen = true;
        }
        const out: Buffer[] = [];
        while (buf.length >= 16) {
          const u32 = (off: number) => (little ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
          const incl = u32(8);
          if (buf.length < 16 + incl) break;
          const data = buf.subarray(16, 16 + incl);
          const wire = u32(12);
          const keep = o.filter.length > 0 ? runProgram(o.filter, data, wire) : incl;
          if (keep > 0) {
            const n = Math.min(keep, incl, snapLen);
            const rec = Buffer.alloc(16 + n);
            rec.writeUInt32LE(u32(0), 0);
            rec.writeUInt32LE(u32(4), 4);
            rec.writeUInt32LE(n, 8);
            rec.writeUInt32LE(wire, 12);
            data.copy(rec, 16, 0, n);
            out.push(rec);
          }
          buf = buf.subarray(16 + incl);
        }
        if (out.length > 0) yield Buffer.concat(out);
      }
    } finally {
      o.signal.removeEventListener('abort', stop);
      child.kill('SIGTERM');
      await exited;
    }
  })();
}

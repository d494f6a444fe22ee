// The classic BPF checks and interpreter against programs tcpdump (libpcap) compiles, over packets
// built here: what matches the expression is kept (with libpcap's snap length), the rest dropped; and
// the programs the kernel refuses are refused.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BpfProgramError, checkProgram, runProgram } from '../../../../src/network/capture/classic-bpf';
import { requireTool } from '../../../harness/tools';

function compile(expr: string) {
  requireTool('tcpdump');
  const out = execFileSync('tcpdump', ['-y', 'EN10MB', '-ddd', expr], { encoding: 'utf8' })
    .trim()
    .split('\n');
  return out.slice(1).map((l) => {
    const [op, jt, jf, k] = l.split(' ').map(Number) as [number, number, number, number];
    return { op, jt, jf, k };
  });
}

/** Ethernet + IPv4 + UDP or TCP from `src` to `dst` port. */
function packet(proto: 'udp' | 'tcp', sport: number, dport: number, payload = Buffer.from('x')): Buffer {
  const l4 = Buffer.alloc(proto === 'udp' ? 8 : 20);
  l4.writeUInt16BE(sport, 0);
  l4.writeUInt16BE(dport, 2);
  if (proto === 'tcp') l4[12] = 5 << 4;
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + l4.length + payload.length, 2);
  ip[8] = 64;
  ip[9] = proto === 'udp' ? 17 : 6;
  Buffer.from([127, 0, 0, 1]).copy(ip, 12);
  Buffer.from([127, 0, 0, 2]).copy(ip, 16);
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  return Buffer.concat([eth, ip, l4, payload]);
}

describe('classic BPF', () => {
  it('keeps what the compiled expression matches and drops the rest', () => {
    const prog = compile('udp dst port 45678');
    checkProgram(prog);
    expect(runProgram(prog, packet('udp', 1000, 45678))).toBeGreaterThan(0);
    expect(runProgram(prog, packet('udp', 45678, 1000))).toBe(0);
    expect(runProgram(prog, packet('tcp', 1000, 45678))).toBe(0);
    const either = compile('tcp port 80 or udp portrange 53-54');
    checkProgram(either);
    expect(runProgram(either, packet('tcp', 80, 9))).toBeGreaterThan(0);
    expect(runProgram(either, packet('udp', 9, 54))).toBeGreaterThan(0);
    expect(runProgram(either, packet('udp', 9, 55))).toBe(0);
    // the IP header length through ldx msh, and a payload byte at an index from it
    const byte = compile('tcp[20] == 0x41');
    expect(runProgram(byte, packet('tcp', 1, 2, Buffer.from('A')))).toBeGreaterThan(0);
    expect(runProgram(byte, packet('tcp', 1, 2, Buffer.from('B')))).toBe(0);
    // a load past the packet's end drops it, as the kernel does
    expect(runProgram(byte, packet('tcp', 1, 2, Buffer.alloc(0)))).toBe(0);
  });

  it('arithmetic, memory and returns of A', () => {
    const prog = [
      { op: 0x00, jt: 0, jf: 0, k: 7 }, // ld #7
      { op: 0x24, jt: 0, jf: 0, k: 6 }, // mul #6
      { op: 0x02, jt: 0, jf: 0, k: 3 }, // st M[3]
      { op: 0x61, jt: 0, jf: 0, k: 3 }, // ldx M[3]
      { op: 0x87, jt: 0, jf: 0, k: 0 }, // txa
      { op: 0x14, jt: 0, jf: 0, k: 2 }, // sub #2
      { op: 0x16, jt: 0, jf: 0, k: 0 }, // ret a
    ];
    checkProgram(prog);
    expect(runProgram(prog, Buffer.alloc(0))).toBe(40);
  });

  it('refuses what the kernel refuses', () => {
    const ret = { op: 0x06, jt: 0, jf: 0, k: 0 };
    expect(() => checkProgram([])).toThrow(BpfProgramError);
    expect(() => checkProgram([{ op: 0xff, jt: 0, jf: 0, k: 0 }, ret])).toThrow(/unknown opcode/);
    expect(() => checkProgram([{ op: 0x15, jt: 3, jf: 0, k: 1 }, ret])).toThrow(/jump out/);
    expect(() => checkProgram([{ op: 0x02, jt: 0, jf: 0, k: 16 }, ret])).toThrow(/memory word/);
    expect(() => checkProgram([{ op: 0x34, jt: 0, jf: 0, k: 0 }, ret])).toThrow(/division by zero/);
    expect(() => checkProgram([{ op: 0x00, jt: 0, jf: 0, k: 0 }])).toThrow(/not a return/);
  });
});

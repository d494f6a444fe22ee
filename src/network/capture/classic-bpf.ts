// Classic BPF (the socket filter language `talosctl pcap --bpf-filter` compiles to, one instruction per
// {op, jt, jf, k}): checked as the kernel checks a program handed to SO_ATTACH_FILTER, and run over a
// packet. Node.js cannot attach a filter to a socket, so the capture (packet-capture.ts) runs the
// program here, over every packet the capture tool hands over unfiltered. The result is what the
// kernel's filter returns: how many bytes of the packet to keep, 0 to drop it.

export interface BpfInstruction {
  readonly op: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

export class BpfProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BpfProgramError';
  }
}

const MAX_INSNS = 4096;
const MEM_WORDS = 16;

const cls = (op: number): number => op & 0x07;
const LD = 0x00;
const LDX = 0x01;
const ST = 0x02;
const STX = 0x03;
const ALU = 0x04;
const JMP = 0x05;
const RET = 0x06;
const MISC = 0x07;

const VALID = new Set<number>([
  // ld: W/H/B with ABS, IND; W with IMM, MEM, LEN
  0x20, 0x28, 0x30, 0x40, 0x48, 0x50, 0x00, 0x60, 0x80,
  // ldx: W IMM, MEM, LEN; B MSH
  0x01, 0x61, 0x81, 0xb1,
  // st, stx
  0x02, 0x03,
  // alu: add sub mul div or and lsh rsh mod xor with K and X; neg
  0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c, 0x94, 0x9c,
  0xa4, 0xac, 0x84,
  // jmp: ja, jeq jgt jge jset with K and X
  0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d,
  // ret K, A
  0x06, 0x16,
  // tax, txa
  0x07, 0x87,
]);

/** The kernel's checks (sk_chk_filter): a known opcode each, jumps inside, memory words 0..15, ends in RET. */
export function checkProgram(prog: readonly BpfInstruction[]): void {
  if (prog.length === 0 || prog.length > MAX_INSNS)
    throw new BpfProgramError(`a filter has 1 to ${MAX_INSNS} instructions, not ${prog.length}`);
  prog.forEach((ins, pc) => {
    if (!VALID.has(ins.op))
      throw new BpfProgramError(`instruction ${pc}: unknown opcode 0x${ins.op.toString(16)}`);
    const c = cls(ins.op);
    const usesMem = ((c === LD || c === LDX) && (ins.op & 0xe0) === 0x60) || c === ST || c === STX;
    if (usesMem && ins.k >= MEM_WORDS)
      throw new BpfProgramError(`instruction ${pc}: memory word ${ins.k} out of range`);
    if (c === ALU && (ins.op & 0xf0) === 0x30 && (ins.op & 0x08) === 0 && ins.k === 0)
      throw new BpfProgramError(`instruction ${pc}: division by zero`);
    if (c === JMP) {
      const targets = ins.op === 0x05 ? [ins.k] : [ins.jt, ins.jf];
      for (const t of targets)
        if (pc + 1 + t >= prog.length)
          throw new BpfProgramError(`instruction ${pc}: jump out of the program`);
    }
  });
  if (cls(prog.at(-1)!.op) !== RET) throw new BpfProgramError('the last instruction is not a return');
}

/** Runs a checked program over `pkt` (`wireLen`: the packet's length on the wire). */
export function runProgram(prog: readonly BpfInstruction[], pkt: Buffer, wireLen = pkt.length): number {
  let a = 0;
  let x = 0;
  const mem = new Uint32Array(MEM_WORDS);
  const load = (off: number, size: number): number | undefined => {
    if (off < 0 || off + size > pkt.length) return undefined;
    return size === 4 ? pkt.readUInt32BE(off) : size === 2 ? pkt.readUInt16BE(off) : pkt[off]!;
  };
  for (let pc = 0; pc < prog.length; pc++) {
    const { op, jt, jf, k } = prog[pc]!;
    switch (cls(op)) {
      case LD: {
        const mode = op & 0xe0;
        const size = [4, 2, 1][(op & 0x18) >> 3] ?? 4;
        if (mode === 0x00) a = k >>> 0;
        else if (mode === 0x60) a = mem[k]!;
        else if (mode === 0x80) a = wireLen;
        else {
          const v = load(mode === 0x20 ? k : (x + k) >>> 0, size);
          if (v === undefined) return 0;
          a = v;
        }
        break;
      }
      case LDX: {
        const mode = op & 0xe0;
        if (mode === 0x00) x = k >>> 0;
        else if (mode === 0x60) x = mem[k]!;
        else if (mode === 0x80) x = wireLen;
        else {
          const v = load(k, 1);
          if (v === undefined) return 0;
          x = (v & 0x0f) * 4;
        }
        break;
      }
      case ST:
        mem[k] = a;
        break;
      case STX:
        mem[k] = x;
        break;
      case ALU: {
        const src = op & 0x08 ? x : k >>> 0;
        switch (op & 0xf0) {
          case 0x00:
            a = (a + src) >>> 0;
            break;
          case 0x10:
            a = (a - src) >>> 0;
            break;
          case 0x20:
            a = Math.imul(a, src) >>> 0;
            break;
          case 0x30:
            if (src === 0) return 0;
            a = Math.floor(a / src) >>> 0;
            break;
          case 0x40:
            a = (a | src) >>> 0;
            break;
          case 0x50:
            a = (a & src) >>> 0;
            break;
          case 0x60:
            a = src >= 32 ? 0 : (a << src) >>> 0;
            break;
          case 0x70:
            a = src >= 32 ? 0 : a >>> src;
            break;
          case 0x80:
            a = -a >>> 0;
            break;
          case 0x90:
            if (src === 0) return 0;
            a = a % src;
            break;
          case 0xa0:
            a = (a ^ src) >>> 0;
            break;
        }
        break;
      }
      case JMP: {
        if (op === 0x05) {
          pc += k;
          break;
        }
        const src = op & 0x08 ? x : k >>> 0;
        const t = op & 0xf0;
        const hit = t === 0x10 ? a === src : t === 0x20 ? a > src : t === 0x30 ? a >= src : (a & src) !== 0;
        pc += hit ? jt : jf;
        break;
      }
      case RET:
        return (op & 0x10 ? a : k) >>> 0;
      case MISC:
        if (op === 0x07) x = a;
        else a = x;
        break;
    }
  }
  return 0;
}

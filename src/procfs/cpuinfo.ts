// /proc/cpuinfo: one block of `key<TAB>: value` lines per processor. The x86 keys and the arm64 layout
// (a shared `Features` line, `BogoMIPS`) are read the way prometheus/procfs reads them for Talos: a value
// is the text after `: `, kept as written, and a key without a value (`power management:`) stays empty.
import { parseError } from './errors';
import { readKernelFile } from './read';

export interface CpuInfo {
  processor: number;
  vendorId: string;
  cpuFamily: string;
  model: string;
  modelName: string;
  stepping: string;
  microcode: string;
  cpuMhz: number;
  cacheSize: string;
  physicalId: string;
  siblings: number;
  coreId: string;
  cpuCores: number;
  apicId: string;
  initialApicId: string;
  fpu: string;
  fpuException: string;
  cpuIdLevel: number;
  wp: string;
  flags: string[];
  bugs: string[];
  bogoMips: number;
  clFlushSize: number;
  cacheAlignment: number;
  addressSizes: string;
  powerManagement: string;
}

export function emptyCpuInfo(): CpuInfo {
  return {
    processor: 0,
    vendorId: '',
    cpuFamily: '',
    model: '',
    modelName: '',
    stepping: '',
    microcode: '',
    cpuMhz: 0,
    cacheSize: '',
    physicalId: '',
    siblings: 0,
    coreId: '',
    cpuCores: 0,
    apicId: '',
    initialApicId: '',
    fpu: '',
    fpuException: '',
    cpuIdLevel: 0,
    wp: '',
    flags: [],
    bugs: [],
    bogoMips: 0,
    clFlushSize: 0,
    cacheAlignment: 0,
    addressSizes: '',
    powerManagement: '',
  };
}

type StringKey = { [K in keyof CpuInfo]: CpuInfo[K] extends string ? K : never }[keyof CpuInfo];
type NumberKey = { [K in keyof CpuInfo]: CpuInfo[K] extends number ? K : never }[keyof CpuInfo];

const X86_STRINGS: Readonly<Record<string, StringKey>> = {
  vendor: 'vendorId',
  vendor_id: 'vendorId',
  'cpu family': 'cpuFamily',
  model: 'model',
  'model name': 'modelName',
  stepping: 'stepping',
  microcode: 'microcode',
  'cache size': 'cacheSize',
  'physical id': 'physicalId',
  'core id': 'coreId',
  apicid: 'apicId',
  'initial apicid': 'initialApicId',
  fpu: 'fpu',
  fpu_exception: 'fpuException',
  wp: 'wp',
  'address sizes': 'addressSizes',
  'power management': 'powerManagement',
};
const X86_INTEGERS: Readonly<Record<string, NumberKey>> = {
  siblings: 'siblings',
  'cpu cores': 'cpuCores',
  'cpuid level': 'cpuIdLevel',
  'clflush size': 'clFlushSize',
  cache_alignment: 'cacheAlignment',
};
const X86_FLOATS: Readonly<Record<string, NumberKey>> = { 'cpu MHz': 'cpuMhz', bogomips: 'bogoMips' };

/** `key<spaces>: value` → [key, value]; a line without `: ` has no value. */
function field(line: string): [string, string | undefined] {
  const at = line.indexOf(': ');
  return at < 0 ? [line.trim(), undefined] : [line.slice(0, at).trim(), line.slice(at + 2)];
}

function integer(file: string, key: string, v: string | undefined): number {
  const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw parseError(file, `${key}: ${JSON.stringify(v ?? '')}`);
  return n;
}

function float(file: string, key: string, v: string | undefined): number {
  const n = v !== undefined && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw parseError(file, `${key}: ${JSON.stringify(v ?? '')}`);
  return n;
}

function contentLines(text: string): string[] {
  return text.split('\n').filter((l) => l.includes(':'));
}

export function parseCpuinfoX86(text: string, file = '/proc/cpuinfo'): CpuInfo[] {
  const cpus: CpuInfo[] = [];
  for (const line of contentLines(text)) {
    const [key, value] = field(line);
    if (key === 'processor') {
      cpus.push({ ...emptyCpuInfo(), processor: integer(file, key, value) });
      continue;
    }
    const cpu = cpus.at(-1);
    if (!cpu) throw parseError(file, `the first line is not a processor: ${JSON.stringify(line)}`);
    if (value === undefined) continue;
    if (key in X86_STRINGS) cpu[X86_STRINGS[key]!] = value;
    else if (key in X86_INTEGERS) cpu[X86_INTEGERS[key]!] = integer(file, key, value);
    else if (key in X86_FLOATS) cpu[X86_FLOATS[key]!] = float(file, key, value);
    else if (key === 'flags') cpu.flags = value.split(/\s+/).filter(Boolean);
    else if (key === 'bugs') cpu.bugs = value.split(/\s+/).filter(Boolean);
  }
  if (cpus.length === 0) throw parseError(file, 'no processor');
  return cpus;
}

/** arm64: `processor : N` blocks with `BogoMIPS`, and one `Features` line shared by every processor. */
export function parseCpuinfoArm(text: string, file = '/proc/cpuinfo'): CpuInfo[] {
  const cpus: CpuInfo[] = [];
  let features: string[] = [];
  let common = emptyCpuInfo();
  for (const line of contentLines(text)) {
    const [key, value] = field(line);
    if (value === undefined) continue;
    if (key === 'Processor') common = { ...emptyCpuInfo(), modelName: value };
    else if (key === 'processor') cpus.push({ ...common, processor: integer(file, key, value) });
    else if (key === 'BogoMIPS') {
      if (cpus.length === 0) cpus.push({ ...common, processor: 0 });
      cpus.at(-1)!.bogoMips = float(file, key, value);
    } else if (key === 'Features') features = value.split(/\s+/).filter(Boolean);
    else if (key === 'model name' && cpus.length > 0) cpus.at(-1)!.modelName = value;
  }
  for (const cpu of cpus) cpu.flags = [...features];
  return cpus;
}

export function parseCpuinfo(text: string, arch: string = process.arch, file = '/proc/cpuinfo'): CpuInfo[] {
  return arch === 'arm64' || arch === 'arm' ? parseCpuinfoArm(text, file) : parseCpuinfoX86(text, file);
}

export async function readCpuinfo(proc = '/proc'): Promise<CpuInfo[]> {
  const file = `${proc}/cpuinfo`;
  return parseCpuinfo(await readKernelFile(file), process.arch, file);
}

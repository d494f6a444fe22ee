// Kernel command line (/proc/cmdline) as the metal platform reads it: talos.platform, talos.config,
import { errorMessage } from '../../error-message';
// ip= (the kernel's nfsroot-style network autoconfiguration syntax) and console=.

/** One `ip=` parameter: `<client>:<server>:<gw>:<netmask>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>:<ntp0>`. */
export interface IpParam {
  address?: string;
  /** Prefix length; the netmask field may be dotted (255.255.255.0) or a number. Defaults to the full length. */
  prefix?: number;
  gateway?: string;
  hostname?: string;
  device?: string;
  /** `dhcp`, `off`, `none`, ... as written; `ip=dhcp` and `ip=<dev>:dhcp` set it to `dhcp`. */
  autoconf?: string;
  dns: string[];
}

export interface KernelParams {
  /** Every parameter with all its values in order (a flag without `=` has the value ''). */
  readonly raw: ReadonlyMap<string, string[]>;
  readonly platform?: string;
  /** `talos.config=`, unless it is `none`. May be `metal-iso` (config on a volume), which is not a URL. */
  readonly configUrl?: string;
  /** The first `ip=` parameter (all of them are in `raw`). */
  readonly ip?: IpParam;
  readonly console: string[];
  /** Set when the first `ip=` is malformed (then `ip` is undefined); the parser itself never throws. */
  readonly ipError?: string;
}

/** Splits the command line on whitespace; double quotes group (and are removed) as the kernel does. */
function splitArgs(cmdline: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (const c of cmdline) {
    if (c === '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && /\s/.test(c)) {
      if (any) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push(cur);
  return out;
}

/** Splits on ':' outside square brackets, then strips the brackets (IPv6 addresses). */
function splitIpFields(val: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < val.length; i++) {
    const c = val[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ':' && depth === 0) {
      parts.push(val.slice(start, i).replace(/[[\]]/g, ''));
      start = i + 1;
    }
  }
  parts.push(val.slice(start).replace(/[[\]]/g, ''));
  return parts;
}

const isV6 = (a: string): boolean => a.includes(':');

function isIp(a: string): boolean {
  if (isV6(a)) return /^[0-9a-fA-F:.]+$/.test(a) && a.split('::').length <= 2;
  const o = a.split('.');
  return o.length === 4 && o.every((x) => /^\d{1,3}$/.test(x) && Number(x) <= 255);
}

function parseIp(what: string, a: string): string {
  if (!isIp(a)) throw new Error(`ip= ${what} is not an IP address: "${a}"`);
  return a;
}

function netmaskToPrefix(mask: string): number {
  if (/^\d+$/.test(mask)) return Number(mask);
  const bits = parseIp('netmask', mask)
    .split('.')
    .map((o) => Number(o).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) throw new Error(`ip= netmask is not contiguous: "${mask}"`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

/** Parses one `ip=` value. Throws on malformed addresses (as Talos does). */
export function parseIpParam(value: string): IpParam {
  const f = splitIpFields(value);
  if (f.length === 1 && f[0] !== '' && !isIp(f[0] ?? '')) return { autoconf: f[0], dns: [] };
  if (f.length === 2 && f[1] === 'dhcp') return { device: f[0] || undefined, autoconf: 'dhcp', dns: [] };
  const p: IpParam = { dns: [] };
  f.forEach((v, i) => {
    if (v === '') return;
    if (i === 0) p.address = parseIp('address', v);
    else if (i === 2) p.gateway = parseIp('gateway', v);
    else if (i === 3) p.prefix = netmaskToPrefix(v);
    else if (i === 4) p.hostname = v;
    else if (i === 5) p.device = v;
    else if (i === 6) p.autoconf = v;
    else if (i === 7 || i === 8) p.dns.push(parseIp('DNS server', v));
  });
  if (p.address !== undefined && p.prefix === undefined) p.prefix = isV6(p.address) ? 128 : 32;
  if (p.prefix !== undefined && (p.prefix < 0 || p.prefix > (p.address && isV6(p.address) ? 128 : 32)))
    throw new Error(`ip= prefix length out of range: ${p.prefix}`);
  return p;
}

export function parseKernelParams(cmdline: string): KernelParams {
  const raw = new Map<string, string[]>();
  for (const arg of splitArgs(cmdline)) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? '' : arg.slice(eq + 1);
    const list = raw.get(key);
    if (list) list.push(value);
    else raw.set(key, [value]);
  }
  const first = (k: string): string | undefined => raw.get(k)?.[0];
  const config = first('talos.config');
  const ipValue = first('ip');
  let ip: IpParam | undefined;
  let ipError: string | undefined;
  try {
    ip = ipValue !== undefined && ipValue !== '' ? parseIpParam(ipValue) : undefined;
  } catch (e: unknown) {
    ipError = errorMessage(e);
  }
  return {
    raw,
    platform: first('talos.platform') || undefined,
    configUrl: config && config !== 'none' ? config : undefined,
    ip,
    console: raw.get('console') ?? [],
    ...(ipError !== undefined ? { ipError } : {}),
  };
}

// Kubernetes resource quantities ("200m", "512Mi", "1e3"): parsed exactly (as a decimal mantissa and
// exponent, rounded up to nano units as apimachinery does) and written back in canonical form, so a
// pod built from the same config always carries the same text.

export class QuantityParseError extends Error {
  constructor(readonly quantity: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    this.name = 'QuantityParseError';
  }
}

export const isQuantityParseError = (e: unknown): e is QuantityParseError => e instanceof QuantityParseError;

type Format = 'decimalSI' | 'binarySI' | 'decimalExponent';

export interface Quantity {
  /** value = mantissa × 10^exponent */
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: Format;
}

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL).map(([k, v]) => [v, k]));
const BINARY_BY_EXP = new Map(Object.entries(BINARY).map(([k, v]) => [v, k]));

const pow10 = (n: number): bigint => 10n ** BigInt(n);

export function parseQuantity(text: string): Quantity {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text.trim());
  const [, sign = '', int = '', frac = '', suffix = ''] = m ?? [];
  if (!m || int + frac === '') throw new QuantityParseError(text);
  let mantissa = BigInt(int + frac || '0') * (sign === '-' ? -1n : 1n);
  let exponent = -frac.length;
  let format: Format;
  if (suffix in BINARY) {
    format = 'binarySI';
    mantissa *= 1024n ** BigInt(BINARY[suffix] ?? 0);
  } else if (suffix in DECIMAL) {
    format = 'decimalSI';
    exponent += DECIMAL[suffix] ?? 0;
  } else if (/^[eE][-+]?\d+$/.test(suffix)) {
    format = 'decimalExponent';
    exponent += Number(suffix.slice(1));
  } else {
    throw new QuantityParseError(text);
  }
  // Precision is nano units; anything finer rounds away from zero.
  if (exponent < -9) {
    const d = pow10(-9 - exponent);
    const q = mantissa / d;
    mantissa = mantissa % d === 0n ? q : q + (mantissa < 0n ? -1n : 1n);
    exponent = -9;
  }
  return { mantissa, exponent, format };
}

/** The integer value, rounded up (apimachinery `Quantity.Value()`). */
export function quantityValue(q: Quantity): bigint {
  if (q.exponent >= 0) return q.mantissa * pow10(q.exponent);
  const d = pow10(-q.exponent);
  const t = q.mantissa / d;
  return q.mantissa % d === 0n || q.mantissa < 0n ? t : t + 1n;
}

function decimalCanonical(q: Quantity, format: Format): string {
  let { mantissa, exponent } = q;
  if (mantissa === 0n) return '0';
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const r = ((exponent % 3) + 3) % 3;
  mantissa *= pow10(r);
  exponent -= r;
  if (format === 'decimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_BY_EXP.get(exponent);
  return suffix !== undefined ? `${mantissa}${suffix}` : `${mantissa}e${exponent}`;
}

/** apimachinery's canonical text of a quantity. */
export function canonicalQuantity(q: Quantity): string {
  if (q.format !== 'binarySI') return decimalCanonical(q, q.format);
  const value = q.exponent >= 0 ? q.mantissa * pow10(q.exponent) : undefined;
  const exact = value !== undefined || q.mantissa % pow10(-q.exponent) === 0n;
  const v = value ?? q.mantissa / pow10(-q.exponent);
  if (!exact || (v > -1024n && v < 1024n)) return decimalCanonical(q, 'decimalSI');
  let amount = v;
  let exp = 0;
  while ((amount >= 1024n || amount <= -1024n) && amount % 1024n === 0n && exp < 6) {
    amount /= 1024n;
    exp++;
  }
  return `${amount}${BINARY_BY_EXP.get(exp) ?? ''}`;
}

export const canonicalize = (text: string): string => canonicalQuantity(parseQuantity(text));

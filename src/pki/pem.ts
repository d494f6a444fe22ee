// PEM armour (RFC 7468): 64-column base64 lines, trailing newline, as Go's encoding/pem writes it.

export interface PemBlock {
  label: string;
  der: Buffer;
}

export function encodePem(label: string, der: Buffer): string {
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${label}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** All PEM blocks in the text, in order. Headers (Proc-Type etc.) are not supported. */
export function decodePemAll(text: string | Buffer): PemBlock[] {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  const out: PemBlock[] = [];
  for (const m of s.matchAll(BLOCK)) {
    const label = m[1] ?? '';
    const body = (m[2] ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error(`PEM block ${label}: invalid base64`);
    out.push({ label, der: Buffer.from(body, 'base64') });
  }
  return out;
}

/** The first PEM block; throws if there is none (or if `expected` labels are given and it has another label). */
export function decodePem(text: string | Buffer, expected?: readonly string[]): PemBlock {
  const first = decodePemAll(text)[0];
  if (!first) throw new Error('failed to parse PEM block');
  if (expected && !expected.includes(first.label)) {
    throw new Error(
      `unexpected PEM block type "${first.label}" (want ${expected.map((l) => `"${l}"`).join(' or ')})`,
    );
  }
  return first;
}

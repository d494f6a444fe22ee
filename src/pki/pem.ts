// PEM armour (RFC 7468): 64-column base64 lines, trailing newline, as Go's encoding/pem writes it.

/** Text that is not the PEM expected. */
export class PemError extends Error {
  override readonly name = 'PemError';
}

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

/** More blocks than any real certificate bundle holds: the scan stops there (input is untrusted). */
export const MAX_PEM_BLOCKS = 256;

export interface PemSpan {
  readonly label: string;
  /** The whole block, from `-----BEGIN` to the end of its `-----END …-----` line marker. */
  readonly text: string;
  /** What is between the BEGIN and END lines (base64 and line breaks). */
  readonly body: string;
}

/**
 * The complete PEM blocks in the text, in order, found without backtracking: each BEGIN line is
 * matched with the next END line of its label. At most MAX_PEM_BLOCKS BEGIN lines are looked at, so
 * a text made of BEGIN lines costs a bounded number of scans.
 */
export function pemSpans(text: string): PemSpan[] {
  const out: PemSpan[] = [];
  let pos = 0;
  for (let seen = 0; seen < MAX_PEM_BLOCKS; seen++) {
    const begin = text.indexOf('-----BEGIN ', pos);
    if (begin < 0) break;
    const labelEnd = text.indexOf('-----', begin + 11);
    if (labelEnd < 0) break;
    const label = text.slice(begin + 11, labelEnd);
    let bodyStart = labelEnd + 5;
    if (text[bodyStart] === '\r') bodyStart++;
    if (!/^[A-Z0-9 ]+$/.test(label) || text[bodyStart] !== '\n') {
      pos = begin + 11;
      continue;
    }
    const marker = `-----END ${label}-----`;
    const end = text.indexOf(marker, bodyStart);
    if (end < 0) {
      pos = begin + 11;
      continue;
    }
    out.push({ label, text: text.slice(begin, end + marker.length), body: text.slice(bodyStart + 1, end) });
    pos = end + marker.length;
  }
  return out;
}

/** All PEM blocks in the text, in order. Headers (Proc-Type etc.) are not supported. */
export function decodePemAll(text: string | Buffer): PemBlock[] {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  return pemSpans(s).map(({ label, body }) => {
    const compact = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new PemError(`PEM block ${label}: invalid base64`);
    return { label, der: Buffer.from(compact, 'base64') };
  });
}

/** The first PEM block; throws if there is none (or if `expected` labels are given and it has another label). */
export function decodePem(text: string | Buffer, expected?: readonly string[]): PemBlock {
  const first = decodePemAll(text)[0];
  if (!first) throw new PemError('failed to parse PEM block');
  if (expected && !expected.includes(first.label)) {
    throw new PemError(
      `unexpected PEM block type "${first.label}" (want ${expected.map((l) => `"${l}"`).join(' or ')})`,
    );
  }
  return first;
}

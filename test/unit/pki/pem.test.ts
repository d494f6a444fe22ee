// PEM blocks found in text that comes from configs and the network: without backtracking, and with a
// bounded number of BEGIN lines looked at.
import { describe, expect, it } from 'vitest';
import { decodePem, decodePemAll, MAX_PEM_BLOCKS, PemError, pemSpans } from '../../../src/pki/pem';
import { thrown } from '../../harness/thrown';

const block = (label: string, body: string): string =>
  `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

describe('PEM blocks', () => {
  it('finds complete blocks in order, skipping unterminated ones and bad labels', () => {
    const text = [
      'junk\n',
      '-----BEGIN PRIVATE KEY-----\nno end here\n',
      block('lower case', 'AAAA'),
      block('CERTIFICATE', 'AAEC'),
      '-----BEGIN CERTIFICATE-----no newline-----END CERTIFICATE-----\n',
      block('EC PRIVATE KEY', 'AwQF'),
    ].join('');
    expect(decodePemAll(text)).toEqual([
      { label: 'CERTIFICATE', der: Buffer.from([0, 1, 2]) },
      { label: 'EC PRIVATE KEY', der: Buffer.from([3, 4, 5]) },
    ]);
  });

  it(`looks at no more than ${MAX_PEM_BLOCKS} BEGIN lines, so a text of BEGIN lines costs bounded scans`, () => {
    // BEGIN lines without an END: each one is a scan to the end of the text
    const unterminated = (n: number): string => '-----BEGIN UNENDING-----\n'.repeat(n);
    expect(pemSpans(unterminated(MAX_PEM_BLOCKS) + block('CERTIFICATE', 'AAEC'))).toEqual([]);
    expect(pemSpans(unterminated(MAX_PEM_BLOCKS - 1) + block('CERTIFICATE', 'AAEC'))).toHaveLength(1);
  });

  it('refuses bad base64 and missing or unexpected blocks with PemError', () => {
    expect(thrown(() => decodePemAll(block('CERTIFICATE', 'A$A')))).toMatchObject({
      name: 'PemError',
      message: 'PEM block CERTIFICATE: invalid base64',
    });
    expect(thrown(() => decodePem('nothing'))).toBeInstanceOf(PemError);
    expect(thrown(() => decodePem(block('X', 'AAAA'), ['CERTIFICATE']))).toMatchObject({
      message: 'unexpected PEM block type "X" (want "CERTIFICATE")',
    });
  });
});

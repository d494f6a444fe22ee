import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { checkToken } from '../../../../src/apps/trustd/token-auth';
import { isApiError } from '../../../../src/grpc/errors';

const TOKEN = 'yrwlui.bmdlilk7kdgu31s7';

function outcome(md: Metadata, expected = TOKEN): string {
  try {
    checkToken(md, expected);
    return 'ok';
  } catch (e: unknown) {
    return isApiError(e) ? `${status[e.code]}: ${e.message}` : `unexpected ${String(e)}`;
  }
}

const with_ = (...values: string[]): Metadata => {
  const md = new Metadata();
  for (const v of values) md.add('token', v);
  return md;
};

describe('trustd token check', () => {
  it('accepts the machine token', () => {
    expect(outcome(with_(TOKEN))).toBe('ok');
  });

  it('refuses a missing token as Unauthenticated "missing token"', () => {
    expect(outcome(new Metadata())).toBe('UNAUTHENTICATED: missing token');
  });

  it.each([
    ['another token', 'yrwlui.bmdlilk7kdgu31s8'],
    ['a prefix', TOKEN.slice(0, 10)],
    ['a longer value', `${TOKEN}x`],
    ['an empty value', ''],
  ])('refuses %s as Unauthenticated "invalid token"', (_name, value) => {
    expect(outcome(with_(value))).toBe('UNAUTHENTICATED: invalid token');
  });

  it('reads only the first token value, as Talos does', () => {
    expect(outcome(with_(TOKEN, 'other'))).toBe('ok');
    expect(outcome(with_('other', TOKEN))).toBe('UNAUTHENTICATED: invalid token');
  });

  it('does not put either token in the error', () => {
    expect(outcome(with_('secret-guess'))).not.toMatch(/secret-guess|yrwlui/);
  });
});

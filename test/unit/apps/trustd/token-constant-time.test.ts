// trustd compares the token in constant time: whatever is presented (right prefix, wrong length,
// empty), the decision is one timingSafeEqual over two fixed-size digests, never an early exit.
import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it, vi } from 'vitest';

const calls: [Buffer, Buffer][] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: Buffer, b: Buffer): boolean => {
      calls.push([Buffer.from(a), Buffer.from(b)]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { checkToken } = await import('../../../../src/apps/trustd/token-auth');

const TOKEN = 'yrwlui.bmdlilk7kdgu31s7';

describe('trustd token comparison', () => {
  it.each([
    ['the token', TOKEN, true],
    ['a one-character difference at the end', `${TOKEN.slice(0, -1)}8`, false],
    ['a difference at the start', `x${TOKEN.slice(1)}`, false],
    ['a prefix', TOKEN.slice(0, 6), false],
    ['a much longer value', TOKEN.repeat(40), false],
    ['an empty value', '', false],
  ])('decides %s with one comparison of equal-size digests', (_name, presented, ok) => {
    calls.length = 0;
    const md = new Metadata();
    md.set('token', presented);
    let accepted = true;
    try {
      checkToken(md, TOKEN);
    } catch {
      accepted = false;
    }
    expect(accepted).toBe(ok);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((b) => b.length)).toEqual([32, 32]);
  });
});

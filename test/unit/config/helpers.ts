// Shared helpers for the machine config tests.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect } from 'vitest';

import {
  ConfigValidationError,
  isConfigValidationError,
  parseMachineConfig,
  type ParseOptions,
} from '../../../src/config';

const FIXTURES = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

/** 1-based number of the first line containing `needle`. */
export function lineOf(text: string, needle: string, from = 0): number {
  const index = text.indexOf(needle, from);
  if (index < 0) throw new Error(`fixture text does not contain ${JSON.stringify(needle)}`);
  return text.slice(0, index).split('\n').length;
}

/** Parses and expects a ConfigValidationError; returns it. */
export function parseError(input: string | Uint8Array, opts?: ParseOptions): ConfigValidationError {
  let caught: unknown;
  try {
    parseMachineConfig(input, opts);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected the config to be rejected').toBeDefined();
  expect(isConfigValidationError(caught)).toBe(true);
  expect(caught).toBeInstanceOf(ConfigValidationError);
  return caught as ConfigValidationError;
}

/** Every secret-looking value of a config text: tokens, keys, certificates, cluster secrets (raw and decoded). */
export function secretsOf(text: string): string[] {
  const secrets = new Set<string>();
  for (const m of text.matchAll(
    /^\s*(?:token|key|crt|secret|id|secretboxEncryptionSecret|aescbcEncryptionSecret):\s*(\S{12,})\s*$/gm,
  )) {
    const value = m[1] as string;
    secrets.add(value);
    secrets.add(value.slice(0, 24));
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    for (const line of decoded.split('\n'))
      if (line.length >= 16 && !line.startsWith('-----')) secrets.add(line);
  }
  return [...secrets];
}

/** Asserts that neither the message nor any problem of `err` repeats a secret of `text`. */
export function expectNoSecrets(err: Error, text: string): void {
  const messages = [
    err.message,
    ...(isConfigValidationError(err) ? err.problems.map((p) => p.message + p.path) : []),
  ];
  for (const secret of secretsOf(text)) {
    for (const message of messages) expect(message).not.toContain(secret);
  }
}

/** Replaces the first occurrence of `from` (which must exist). */
export function edit(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
}

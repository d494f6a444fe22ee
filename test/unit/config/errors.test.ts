import { describe, expect, it } from 'vitest';

import { ConfigValidationError, formatProblem, isConfigValidationError } from '../../../src/config';

describe('ConfigValidationError', () => {
  it('joins problems into a readable message', () => {
    const err = new ConfigValidationError([
      { path: 'machine.type', line: 12, column: 11, message: 'must be one of controlplane, worker, init' },
      { path: 'machin', line: 3, column: 1, message: 'unknown field "machin"' },
    ]);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigValidationError');
    expect(err.message).toBe(
      '2 errors: line 12: machine.type: must be one of controlplane, worker, init; line 3: machin: unknown field "machin"',
    );
    expect(err.problems).toHaveLength(2);
    expect(Object.isFrozen(err.problems)).toBe(true);
  });

  it('formats a single problem without a count, and documents by label', () => {
    expect(new ConfigValidationError([{ path: '', message: 'config is empty' }]).message).toBe(
      'config is empty',
    );
    expect(
      formatProblem({ path: 'mtu', line: 7, message: 'must be an integer', document: 'LinkConfig/eth0' }),
    ).toBe('line 7: [LinkConfig/eth0] mtu: must be an integer');
  });

  it('is recognized by isConfigValidationError', () => {
    expect(isConfigValidationError(new ConfigValidationError([{ path: 'a', message: 'b' }]))).toBe(true);
    expect(isConfigValidationError(new Error('x'))).toBe(false);
    expect(isConfigValidationError({ name: 'ConfigValidationError', problems: [] })).toBe(false);
    expect(isConfigValidationError(undefined)).toBe(false);
  });
});

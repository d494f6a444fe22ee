// The qemu tier (`make qemu-test`): the real image booted under QEMU TCG, one guest at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/qemu/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

// The Kubernetes tier (`make k8s-test`): the agent against real Kubernetes binaries built by
// `make k8s-images` (about 47 minutes from a cold Go cache here, so not part of `make test`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/k8s/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

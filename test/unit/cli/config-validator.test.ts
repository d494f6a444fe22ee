// Generated configs must pass the project's own machine config parser/validator (src/config).
import { describe, expect, it } from 'vitest';

import { generateMachineConfig } from '../../../src/cli/gen';
import { checkMachineConfig, parseMachineConfig } from '../../../src/config';
import { sharedBundle } from './helpers';

describe('generated configs pass src/config validation', () => {
  it.each([
    ['controlplane', true],
    ['worker', true],
    ['controlplane', false],
    ['worker', false],
    ['init', true],
  ] as const)('%s (withDocs=%s)', async (type, withDocs) => {
    const secrets = await sharedBundle();
    const text = generateMachineConfig(type, {
      clusterName: 'demo',
      endpoint: 'https://10.5.0.2:6443',
      secrets,
      withDocs,
    });
    for (const mode of ['cloud', 'metal', 'container'] as const) {
      const cfg = parseMachineConfig(text, { mode });
      const { errors, warnings } = checkMachineConfig(cfg, { mode });
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
    }
  });
});

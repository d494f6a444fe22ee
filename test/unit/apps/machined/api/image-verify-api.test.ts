// ImageService.Verify against the machine config's ImageVerificationConfig rules, as Talos decides:
// the first rule whose glob matches the repository; none, skip, deny; a signature rule is refused.
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  globMatch,
  imageVerifyApi,
  verificationRules,
} from '../../../../../src/apps/machined/api/image-verify-api';
import { MachineConfig } from '../../../../../src/config';
import { ApiError } from '../../../../../src/grpc/errors';
import type { CallContext } from '../../../../../src/grpc/handler';

const withRules = (rules: object[]): MachineConfig =>
  new MachineConfig([{ apiVersion: 'v1alpha1', kind: 'ImageVerificationConfig', data: { rules } }]);

async function verify(config: MachineConfig | undefined, ref: string): Promise<unknown> {
  try {
    return await imageVerifyApi(() => config).Verify!(
      { image_ref: ref, credentials: null },
      {} as CallContext,
    );
  } catch (e: unknown) {
    return e;
  }
}

const codeOf = (e: unknown): number | undefined => (e instanceof ApiError ? e.code : undefined);

describe('ImageService.Verify', () => {
  it('matches globs as go-glob: * spans slashes, everything else is literal', () => {
    expect(globMatch('*', 'index.docker.io/library/alpine')).toBe(true);
    expect(globMatch('ghcr.io/siderolabs/*', 'ghcr.io/siderolabs/kubelet')).toBe(true);
    expect(globMatch('ghcr.io/*/kubelet', 'ghcr.io/a/b/kubelet')).toBe(true);
    expect(globMatch('ghcr.io/siderolabs/*', 'ghcr.io/other/kubelet')).toBe(false);
    expect(globMatch('registry.k8s.io/pause', 'registry.k8s.io/pause')).toBe(true);
    expect(globMatch('a*b*a', 'aba')).toBe(true);
    expect(globMatch('a*a', 'a')).toBe(false);
    expect(globMatch('?', 'x')).toBe(false);
  });

  it('gives rules Talos ids in config order', () => {
    expect(
      verificationRules(withRules([{ image: 'a' }, { image: 'b', deny: true }])).map((r) => r.id),
    ).toEqual(['0000', '0001']);
    expect(verificationRules(undefined)).toEqual([]);
  });

  it('allows unverified without a config or without a matching rule', async () => {
    expect(await verify(undefined, 'alpine:3')).toEqual({ verified: false, message: 'no matched rule' });
    expect(await verify(withRules([{ image: 'ghcr.io/*', deny: true }]), 'alpine:3')).toEqual({
      verified: false,
      message: 'no matched rule',
    });
  });

  it('names Docker Hub as index.docker.io when matching, and the first matching rule decides', async () => {
    const config = withRules([
      { image: 'index.docker.io/library/*', skip: true },
      { image: '*', deny: true },
    ]);
    expect(await verify(config, 'alpine:3')).toEqual({
      verified: false,
      message: 'verification skipped by matched rule (0000)',
    });
    const denied = await verify(config, 'ghcr.io/x/y:1');
    expect(codeOf(denied)).toBe(status.PERMISSION_DENIED);
    expect((denied as Error).message).toBe('verification denied by matched rule (0001)');
  });

  it('refuses a signature rule with Unimplemented, and a malformed reference with InvalidArgument', async () => {
    const keyless = withRules([{ image: '*', keyless: { issuer: 'https://issuer', subject: 'me' } }]);
    expect(codeOf(await verify(keyless, 'alpine:3'))).toBe(status.UNIMPLEMENTED);
    expect(codeOf(await verify(undefined, 'Not A Ref'))).toBe(status.INVALID_ARGUMENT);
  });
});

import { describe, expect, it } from 'vitest';
import { apiRoot, registryEndpoints } from '../../../src/oci/endpoints';
import { isInvalidImageRefError, parseImageRef } from '../../../src/oci/image-ref';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageRef', () => {
  it('reads a fully qualified reference', () => {
    const r = parseImageRef('ghcr.io/siderolabs/installer:v1.13.9');
    expect(r).toMatchObject({
      domain: 'ghcr.io',
      repository: 'siderolabs/installer',
      tag: 'v1.13.9',
      defaultHost: 'ghcr.io',
      reference: 'v1.13.9',
      canonical: 'ghcr.io/siderolabs/installer:v1.13.9',
    });
    expect(r.digest).toBeUndefined();
  });

  it('applies the Docker Hub defaults', () => {
    expect(parseImageRef('alpine')).toMatchObject({
      domain: 'docker.io',
      repository: 'library/alpine',
      tag: 'latest',
      defaultHost: 'registry-1.docker.io',
      canonical: 'docker.io/library/alpine:latest',
    });
    expect(parseImageRef('siderolabs/talos:v1').repository).toBe('siderolabs/talos');
    expect(parseImageRef('docker.io/nginx:1.27').repository).toBe('library/nginx');
    expect(parseImageRef('index.docker.io/library/nginx').domain).toBe('docker.io');
  });

  it('tells a registry host from a path component', () => {
    expect(parseImageRef('localhost/foo').domain).toBe('localhost');
    expect(parseImageRef('10.0.2.2:5000/siderolabs/installer:v1').domain).toBe('10.0.2.2:5000');
    expect(parseImageRef('10.0.2.2:5000/siderolabs/installer:v1').defaultHost).toBe('10.0.2.2:5000');
    expect(parseImageRef('[::1]:5000/a/b').domain).toBe('[::1]:5000');
    // no dot, no port, not localhost: a Docker Hub namespace
    expect(parseImageRef('myorg/app:1').domain).toBe('docker.io');
  });

  it('keeps a digest and asks for it rather than the tag', () => {
    const pinned = parseImageRef(`ghcr.io/a/b@${DIGEST}`);
    expect(pinned.tag).toBeUndefined();
    expect(pinned.reference).toBe(DIGEST);
    expect(pinned.canonical).toBe(`ghcr.io/a/b@${DIGEST}`);
    const both = parseImageRef(`127.0.0.1:5000/a:v2@${DIGEST}`);
    expect(both).toMatchObject({ tag: 'v2', digest: DIGEST, reference: DIGEST, domain: '127.0.0.1:5000' });
  });

  it.each([
    ['', 'empty reference'],
    ['ghcr.io/Siderolabs/installer', 'must be lowercase'],
    ['ghcr.io/a/b:', 'malformed tag'],
    ['ghcr.io/a/b:-x', 'malformed tag'],
    ['ghcr.io/a//b', 'malformed repository path component ""'],
    ['ghcr.io/a/b@sha256:abc', '64 lowercase hex'],
    [`ghcr.io/a/b@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm "md5"'],
    ['ghcr.io/a/b@', 'malformed digest'],
    ['ghcr.io/', 'missing repository name'],
    [' alpine', 'whitespace'],
    ['a_.b:5000/x', 'malformed registry host'],
    [`ghcr.io/${'a'.repeat(260)}`, 'longer than 255'],
  ])('rejects %j', (input, reason) => {
    let caught: unknown;
    try {
      parseImageRef(input);
    } catch (e: unknown) {
      caught = e;
    }
    expect(isInvalidImageRefError(caught)).toBe(true);
    expect((caught as Error).message).toContain(`invalid image reference "${input}": `);
    expect((caught as Error).message).toContain(reason);
  });
});

describe('registry endpoints', () => {
  it('uses the registry itself without mirrors', () => {
    expect(registryEndpoints('docker.io')).toEqual([{ url: 'https://registry-1.docker.io' }]);
    expect(registryEndpoints('ghcr.io', { 'docker.io': { endpoints: ['http://m'] } })).toEqual([
      { url: 'https://ghcr.io' },
    ]);
  });

  it('puts mirrors first, honours the catch-all and skipFallback', () => {
    const mirrors = {
      'ghcr.io': { endpoints: ['http://10.0.2.2:5000'] },
      '*': { endpoints: [{ url: 'https://cache/v2/proxy', overridePath: true }], skipFallback: true },
    };
    expect(registryEndpoints('ghcr.io', mirrors)).toEqual([
      { url: 'http://10.0.2.2:5000' },
      { url: 'https://ghcr.io' },
    ]);
    expect(registryEndpoints('quay.io', mirrors)).toEqual([
      { url: 'https://cache/v2/proxy', overridePath: true },
    ]);
  });

  it('derives the API root', () => {
    expect(apiRoot('http://10.0.2.2:5000')).toBe('http://10.0.2.2:5000/v2');
    expect(apiRoot('http://10.0.2.2:5000/')).toBe('http://10.0.2.2:5000/v2');
    expect(apiRoot('https://harbor.local/v2')).toBe('https://harbor.local/v2');
    expect(apiRoot('https://harbor.local/proxy/')).toBe('https://harbor.local/proxy/v2');
    expect(apiRoot({ url: 'https://harbor.local/v2/proxy', overridePath: true })).toBe(
      'https://harbor.local/v2/proxy',
    );
    expect(() => apiRoot('ftp://x')).toThrow(/scheme must be http or https/);
  });
});

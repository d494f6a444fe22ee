// Container image references as the Docker/OCI tooling reads them: `[host[:port]/]path[:tag][@digest]`.
// A first path component is a registry host when it has a dot or a port or is `localhost`; otherwise the
// image lives on Docker Hub (`docker.io`, served by registry-1.docker.io) and a one-component path gets
// the `library/` prefix. No tag and no digest means `:latest`.

export class InvalidImageRefError extends Error {
  constructor(
    readonly ref: string,
    readonly reason: string,
  ) {
    super(`invalid image reference "${ref}": ${reason}`);
    this.name = 'InvalidImageRefError';
  }
}

export const isInvalidImageRefError = (e: unknown): e is InvalidImageRefError =>
  e instanceof InvalidImageRefError;

export interface ImageRef {
  /** The registry as named in references (`docker.io`, `ghcr.io`, `10.0.2.2:5000`). */
  readonly domain: string;
  /** The repository path inside the registry (`library/alpine`, `siderolabs/installer`). */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when pinned. */
  readonly digest?: string;
  /** The host to talk to when no mirror is configured (`registry-1.docker.io` for `docker.io`). */
  readonly defaultHost: string;
  /** What to ask `/v2/<repo>/manifests/` for: the digest when pinned, else the tag. */
  readonly reference: string;
  /** The normalized reference (`docker.io/library/alpine:latest`). */
  readonly canonical: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_HOST = 'registry-1.docker.io';
const MAX_NAME = 255;

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;
// A host name (labels of letters, digits and inner dashes) or a bracketed IPv6 address, with an optional port.
const DOMAIN =
  /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?$/;

/** The registry host behind a reference domain (Docker Hub's API host differs from its name). */
export function defaultHostOf(domain: string): string {
  return domain === DOCKER_HUB ? DOCKER_HUB_HOST : domain;
}

function isDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Parses and normalizes an image reference; throws InvalidImageRefError saying what is wrong. */
export function parseImageRef(input: string): ImageRef {
  const fail = (reason: string): never => {
    throw new InvalidImageRefError(input, reason);
  };
  if (input === '') fail('empty reference');
  if (input !== input.trim() || /\s/.test(input)) fail('contains whitespace');

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const m = DIGEST.exec(digest);
    if (!m) fail(`malformed digest "${digest}"`);
    if (m![1] !== 'sha256') fail(`unsupported digest algorithm "${m![1]}"`);
    if (!SHA256_HEX.test(m![2]!)) fail('sha256 digest must be 64 lowercase hex characters');
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`malformed tag "${tag}"`);
  }
  if (rest === '') fail('missing repository name');

  let domain = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0 && isDomain(rest.slice(0, slash))) {
    domain = rest.slice(0, slash);
    path = rest.slice(slash + 1);
    if (!DOMAIN.test(domain)) fail(`malformed registry host "${domain}"`);
    if (domain === 'index.docker.io') domain = DOCKER_HUB;
  }
  if (path === '') fail('missing repository name');
  if (path !== path.toLowerCase()) fail('repository name must be lowercase');
  for (const component of path.split('/')) {
    if (!COMPONENT.test(component)) fail(`malformed repository path component "${component}"`);
  }
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (domain.length + 1 + path.length > MAX_NAME) fail(`repository name longer than ${MAX_NAME} characters`);

  if (tag === undefined && digest === undefined) tag = 'latest';
  const name = `${domain}/${path}`;
  const canonical = `${name}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  return {
    domain,
    repository: path,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    defaultHost: defaultHostOf(domain),
    reference: digest ?? tag!,
    canonical,
  };
}

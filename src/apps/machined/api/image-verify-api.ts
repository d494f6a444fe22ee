// ImageService.Verify: an image reference checked against the rules of the machine config's
// ImageVerificationConfig, as Talos does. The first rule whose `image` glob matches the image's
// repository (`registry/path`, Docker Hub as index.docker.io) decides: none matched is allowed
// unverified ("no matched rule"), `deny` is refused (PermissionDenied), `skip` is allowed unverified.
// A rule that asks for a signature check (cosign `keyless` or `publicKey`) is refused with
// Unimplemented: this node has no sigstore verifier, so it never claims an image verified.
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../../config';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { DOCKER_HUB, isInvalidImageRefError, parseImageRef } from '../../../oci/image-ref';

export const IMAGE_VERIFICATION_KIND = 'ImageVerificationConfig';

interface Rule {
  readonly id: string;
  readonly image: string;
  readonly skip: boolean;
  readonly deny: boolean;
}

/** The rules in config order, with Talos's ids (`0000`, `0001`…). */
export function verificationRules(config: MachineConfig | undefined): Rule[] {
  const docs = config?.documentsOfKind(IMAGE_VERIFICATION_KIND) ?? [];
  const raw = docs.flatMap((d) => (Array.isArray(d.data['rules']) ? (d.data['rules'] as unknown[]) : []));
  return raw.map((r, i) => {
    const rule = (r ?? {}) as Record<string, unknown>;
    return {
      id: String(i).padStart(4, '0'),
      image: typeof rule['image'] === 'string' ? rule['image'] : '',
      skip: rule['skip'] === true,
      deny: rule['deny'] === true,
    };
  });
}

/** ryanuber/go-glob: `*` stands for any run of characters (slashes included); nothing else is special. */
export function globMatch(pattern: string, subject: string): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === subject;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!subject.startsWith(first)) return false;
  let pos = first.length;
  for (const part of parts.slice(1, -1)) {
    const at = subject.indexOf(part, pos);
    if (at < 0) return false;
    pos = at + part.length;
  }
  return subject.length - last.length >= pos && subject.endsWith(last);
}

/** The repository as go-containerregistry names it (`index.docker.io/library/alpine`). */
function repositoryOf(ref: string): string {
  try {
    const parsed = parseImageRef(ref);
    const registry = parsed.domain === DOCKER_HUB ? 'index.docker.io' : parsed.domain;
    return `${registry}/${parsed.repository}`;
  } catch (e: unknown) {
    if (isInvalidImageRefError(e))
      throw new ApiError(status.INVALID_ARGUMENT, `image reference is invalid: ${e.reason}`);
    throw e;
  }
}

export function imageVerifyApi(
  config: () => MachineConfig | undefined,
): Implementation<'machine.ImageService'> {
  return implement('machine.ImageService', {
    Verify: (req) => {
      const repository = repositoryOf(req.image_ref);
      const rule = verificationRules(config()).find((r) => r.image !== '' && globMatch(r.image, repository));
      if (!rule) return Promise.resolve({ verified: false, message: 'no matched rule' });
      if (rule.deny)
        throw new ApiError(status.PERMISSION_DENIED, `verification denied by matched rule (${rule.id})`);
      if (rule.skip)
        return Promise.resolve({
          verified: false,
          message: `verification skipped by matched rule (${rule.id})`,
        });
      throw new ApiError(
        status.UNIMPLEMENTED,
        `image signature verification is not supported by this node (matched rule ${rule.id} asks for it)`,
      );
    },
  });
}

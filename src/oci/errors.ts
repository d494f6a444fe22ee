// Why a pull failed, for callers that react differently (an unknown tag is not a corrupt mirror).

export type ImagePullErrorKind =
  /** No endpoint knows the tag or digest. */
  | 'not-found'
  /** The registry wants credentials we do not have, or refused the ones we sent. */
  | 'unauthorized'
  /** A manifest or blob did not hash to its digest (or had the wrong size). */
  | 'digest-mismatch'
  /** A format we do not read (zstd layers, schema 1 manifests, non-sha256 digests). */
  | 'unsupported'
  /** The image has no regular file at a wanted path. */
  | 'missing-file'
  /** Anything else: transport errors, unexpected statuses, malformed documents. */
  | 'failed';

export class ImagePullError extends Error {
  constructor(
    readonly kind: ImagePullErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImagePullError';
  }
}

export const isImagePullError = (e: unknown, kind?: ImagePullErrorKind): e is ImagePullError =>
  e instanceof ImagePullError && (kind === undefined || e.kind === kind);

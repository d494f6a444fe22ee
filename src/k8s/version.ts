// The Kubernetes version of a control-plane image, read from its tag (go-kubernetes
// `compatibility.VersionFromImageRef`): a tag that is no version means the newest (1.99.0).

export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const LATEST: KubeVersion = { major: 1, minor: 99, patch: 0 };

/** The tag of an image reference without its digest; undefined when it has none. */
function tagOf(image: string): string | undefined {
  const ref = image.split('@')[0] ?? '';
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : undefined;
}

export function versionFromImage(image: string): KubeVersion {
  const tag = tagOf(image.trim());
  // semver ParseTolerant: an optional "v", missing minor/patch are 0, pre-release and build dropped.
  const m = tag ? /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(tag) : null;
  if (!m) return LATEST;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
}

export const versionString = (v: KubeVersion): string => `${v.major}.${v.minor}.${v.patch}`;

/** Whether `v` is at least `major.minor`. */
export const atLeast = (v: KubeVersion, major: number, minor: number): boolean =>
  v.major > major || (v.major === major && v.minor >= minor);

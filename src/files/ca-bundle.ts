// The node's CA bundle, which the TrustedRootsConfig certificates are added to (Talos's path).
export const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** The image's own bundle (the system's roots on metal; CA_BUNDLE is the node's, written from it). */
export const IMAGE_CA_BUNDLE = '/usr/share/ca-certificates/ca-certificates.crt';

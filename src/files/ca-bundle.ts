// The node's CA bundle, which the TrustedRootsConfig certificates are added to (Talos's path).
export const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

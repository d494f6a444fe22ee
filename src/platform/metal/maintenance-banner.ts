// The console lines printed when the machine waits in maintenance mode for its configuration: where it can be
// reached, the server certificate fingerprint, and how to upload a config with talosctl.

/** Strips a CIDR suffix and IPv6 brackets: talosctl --nodes takes a bare address. */
const bare = (a: string): string => a.replace(/\/\d+$/, '').replace(/^\[(.*)\]$/, '$1');

/**
 * Console lines for maintenance mode. `fingerprint` is the server certificate's fingerprint in the form
 * talosctl's --cert-fingerprint takes (base64 SHA-256 of the SubjectPublicKeyInfo: `spkiFingerprint` in
 * src/pki). The usage hint needs an address and a fingerprint, as in Talos.
 */
export function maintenanceBanner(addresses: readonly string[], fingerprint: string): string[] {
  const ips = [...new Set(addresses.map(bare))].filter((a) => a !== '');
  const lines: string[] = [];
  if (ips.length > 0) lines.push('this machine is reachable at:', ...ips.map((a) => `\t${a}`));
  else lines.push('this machine has no reachable address yet');
  if (fingerprint !== '') lines.push(`server certificate issued {"fingerprint": "${fingerprint}"}`);
  const first = ips[0];
  if (first !== undefined && fingerprint !== '') {
    lines.push(
      'upload configuration using talosctl:',
      `\ttalosctl apply-config --insecure --nodes ${first} --file <config.yaml>`,
      'optionally with node fingerprint check:',
      `\ttalosctl apply-config --insecure --nodes ${first} --cert-fingerprint '${fingerprint}' --file <config.yaml>`,
    );
  }
  return lines;
}

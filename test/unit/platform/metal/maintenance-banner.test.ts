import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { generateCA, spkiFingerprint } from '../../../../src/pki';
import { maintenanceBanner } from '../../../../src/platform/metal/maintenance-banner';

describe('maintenanceBanner', () => {
  it('lists the addresses, the fingerprint and the exact talosctl commands', () => {
    const fp = 'y8ZmVw7N6zlo1tQ1BgZiV3RPyWBsvMVwVyXDdu6oMVY=';
    expect(maintenanceBanner(['192.168.1.10/24', 'fd00::10/64', '192.168.1.10'], fp)).toEqual([
      'this machine is reachable at:',
      '\t192.168.1.10',
      '\tfd00::10',
      `server certificate issued {"fingerprint": "${fp}"}`,
      'upload configuration using talosctl:',
      '\ttalosctl apply-config --insecure --nodes 192.168.1.10 --file <config.yaml>',
      'optionally with node fingerprint check:',
      `\ttalosctl apply-config --insecure --nodes 192.168.1.10 --cert-fingerprint '${fp}' --file <config.yaml>`,
    ]);
  });

  it('prints no usage hint without an address or a fingerprint', () => {
    const none = maintenanceBanner([], 'abc=');
    expect(none[0]).toMatch(/no reachable address/);
    expect(none.join('\n')).not.toContain('talosctl');
    const noFp = maintenanceBanner(['10.0.0.2'], '');
    expect(noFp).toEqual(['this machine is reachable at:', '\t10.0.0.2']);
  });

  it('takes the SPKI fingerprint src/pki computes (base64 SHA-256 of the public key DER)', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const fp = spkiFingerprint(ca.certPem);
    const spki = ca.cert.publicKey.export({ type: 'spki', format: 'der' });
    expect(fp).toBe(createHash('sha256').update(spki).digest('base64'));
    expect(maintenanceBanner(['10.0.0.2'], fp).at(-1)).toContain(`--cert-fingerprint '${fp}'`);
  });
});

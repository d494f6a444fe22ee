// secrets.MaintenanceRootController: MaintenanceRootSecrets ("maintenance"), a self-signed CA made
// once per boot (Ed25519, no subject, siderolabs/crypto's default 24h lifetime, as Talos) that the
// maintenance-mode API certificate is issued from. It has no inputs and never changes.
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import { DEFAULT_CERT_VALIDITY_MS, generateCA } from '../../src/pki';
import { MAINTENANCE_ROOT, type MaintenanceRootSpec } from '../../src/resources/secrets/maintenance-root';

export class MaintenanceRootController implements Controller {
  readonly name = 'secrets.MaintenanceRootController';

  inputs() {
    return [];
  }

  outputs() {
    return [outputOf(MAINTENANCE_ROOT)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    // no inputs: the first wake-up is the only one before the signal fires
    while (await ctx.nextEvent(signal)) {
      // a restarted controller keeps the CA it made
      if (await getOptional<MaintenanceRootSpec>(ctx, MAINTENANCE_ROOT)) continue;
      const now = new Date();
      const ca = await generateCA({
        keyAlgorithm: 'ed25519',
        notBefore: now,
        notAfter: new Date(now.getTime() + DEFAULT_CERT_VALIDITY_MS),
      });
      await ctx.modify<MaintenanceRootSpec>(MAINTENANCE_ROOT, () => ({
        ca: { crt: ca.certPem, key: ca.keyPem },
      }));
    }
  }
}

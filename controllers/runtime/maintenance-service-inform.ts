// runtime.MaintenanceServiceInformController: tells the console how to reach a machine in maintenance
// mode — its addresses, the SPKI fingerprint of the maintenance API certificate whenever a new one is
// issued, and (once) the `talosctl apply-config --insecure` commands to upload a configuration.
// It has no outputs. Talos keys this on its maintenance service request; here maintenance is a
// machine type of "unknown" with certificates that skip client verification.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { spkiFingerprint } from '../../src/pki';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import { API_CERTIFICATES, type APICertsSpec } from '../../src/resources/secrets/api-certificates';

export interface MaintenanceServiceInformControllerOptions {
  /** The addresses the maintenance API is reachable at. */
  readonly addresses: readonly string[];
}

export class MaintenanceServiceInformController implements Controller {
  readonly name = 'runtime.MaintenanceServiceInformController';
  private lastAddresses: string | undefined;
  private lastFingerprint = '';
  private usagePrinted = false;

  constructor(private readonly opts: MaintenanceServiceInformControllerOptions) {}

  inputs() {
    return [
      { ...MACHINE_TYPE, kind: 'weak' as const },
      { ...API_CERTIFICATES, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const log = ctx.logger;
    while (await ctx.nextEvent(signal)) {
      const machineType = await getOptional<MachineTypeName>(ctx, MACHINE_TYPE);
      if (machineType?.spec !== 'unknown') continue;
      const addresses = this.opts.addresses;
      if (JSON.stringify(addresses) !== this.lastAddresses) {
        log.info('this machine is reachable at:');
        for (const address of addresses) log.info(`\t${address}`);
        this.lastAddresses = JSON.stringify(addresses);
      }
      const certs = await getOptional<APICertsSpec>(ctx, API_CERTIFICATES);
      if (certs?.spec.skipVerifyingClientCert) {
        const fingerprint = spkiFingerprint(certs.spec.server.crt);
        if (fingerprint !== this.lastFingerprint) log.info({ fingerprint }, 'server certificate issued');
        this.lastFingerprint = fingerprint;
      }
      const first = addresses[0];
      if (!this.usagePrinted && first !== undefined && this.lastFingerprint !== '') {
        log.info('upload configuration using talosctl:');
        log.info(`\ttalosctl apply-config --insecure --nodes ${first} --file <config.yaml>`);
        log.info('optionally with node fingerprint check:');
        log.info(
          `\ttalosctl apply-config --insecure --nodes ${first} --cert-fingerprint '${this.lastFingerprint}' --file <config.yaml>`,
        );
        this.usagePrinted = true;
      }
      ctx.resetBackoff();
    }
  }
}

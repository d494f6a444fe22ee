// MachineService GenerateClientConfiguration (`talosctl config new`): a talosconfig with a client
// certificate from the OS CA for the requested roles and lifetime. Control planes only (they hold the
// CA key); the context is named after the cluster, `<role>@<cluster>` for a single role, as Talos.
import type { MachineConfig } from '../../../config';
import { invalidArgument, failedPrecondition } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { GenerateClientConfigurationRequest } from '../../../gen/api/machine';
import type { State } from '../../../state';
import { checkControlPlane } from './control-plane-check';

const ROLE_PREFIX = 'os:';

/** Talos's role.Parse + Strings: blanks dropped, each once, sorted (unknown names are kept). */
export function parseRoles(roles: readonly string[]): string[] {
  return [...new Set(roles.map((r) => r.trim()).filter((r) => r !== ''))].sort();
}

function ttlMs(d: GenerateClientConfigurationRequest['crt_ttl']): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

export function clientConfigApi(
  state: State,
  config: () => MachineConfig | undefined,
): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    GenerateClientConfiguration: async (req) => {
      await checkControlPlane(state, 'generate client configuration');
      const ttl = ttlMs(req.crt_ttl);
      if (ttl <= 0) throw invalidArgument('crt_ttl should be positive');
      const cfg = config();
      const ca = cfg?.machineCA();
      if (!cfg || !ca?.key) throw failedPrecondition('the machine config has no OS CA key');
      const roles = parseRoles(req.roles ?? []);
      const cluster = cfg.clusterName() ?? '';
      const single = roles.length === 1 ? roles[0]! : undefined;
      const contextName = single
        ? `${single.startsWith(ROLE_PREFIX) ? single.slice(ROLE_PREFIX.length) : single}@${cluster}`
        : cluster;
      const now = new Date();
      // the talosconfig writer (and its YAML library) loads on the first call, not at start
      const { generateTalosconfig } = await import('../../../cli/gen/talosconfig');
      const { yaml, clientCert } = await generateTalosconfig({
        contextName,
        osCA: { crt: ca.crt, key: ca.key },
        roles,
        validityMs: ttl,
        now,
      });
      return {
        messages: [
          {
            ca: Buffer.from(ca.crt),
            crt: Buffer.from(clientCert.certPem),
            key: Buffer.from(clientCert.keyPem),
            talosconfig: Buffer.from(yaml),
          },
        ],
      };
    },
  });
}

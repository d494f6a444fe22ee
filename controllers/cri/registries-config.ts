// cri.RegistriesConfigController: the RegistriesConfig from the active machine config — the mirrors,
// credentials and TLS settings of `machine.registries`, with the RegistryMirrorConfig,
// RegistryAuthConfig and RegistryTLSConfig documents overriding them per registry name.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import {
  REGISTRIES_CONFIG,
  type RegistriesConfigSpec,
  type RegistryAuthConfig,
  type RegistryTLSConfig,
} from '../../src/resources/cri/registries-config';
import { asRecord, stringOrEmpty as str } from '../../src/untyped-values';

type Json = Record<string, unknown>;
const record = (v: unknown): Json => asRecord(v) ?? {};
const fromBase64 = (v: unknown): string =>
  typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';

function auth(a: Json): RegistryAuthConfig {
  return {
    username: str(a['username']),
    password: str(a['password']),
    auth: str(a['auth']),
    identityToken: str(a['identityToken']),
  };
}

/** The v1alpha1 form: `ca` and the client identity are base64 of PEM. */
function legacyTLS(t: Json): RegistryTLSConfig {
  const identity = record(t['clientIdentity']);
  return {
    ...(t['clientIdentity'] !== undefined && t['clientIdentity'] !== null
      ? { clientIdentity: { crt: fromBase64(identity['crt']), key: fromBase64(identity['key']) } }
      : {}),
    ca: fromBase64(t['ca']),
    insecureSkipVerify: t['insecureSkipVerify'] === true,
  };
}

/** The RegistryTLSConfig document form: PEM text. */
function documentTLS(t: Json): RegistryTLSConfig {
  const identity = record(t['clientIdentity']);
  return {
    ...(t['clientIdentity'] !== undefined && t['clientIdentity'] !== null
      ? { clientIdentity: { crt: str(identity['cert']), key: str(identity['key']) } }
      : {}),
    ca: str(t['ca']),
    insecureSkipVerify: t['insecureSkipVerify'] === true,
  };
}

export function registriesFromConfig(config: MachineConfig | undefined): RegistriesConfigSpec {
  const spec: RegistriesConfigSpec = { mirrors: {}, auths: {}, tls: {} };
  if (!config) return spec;
  const registries = record(record(config.v1alpha1()?.machine)['registries']);
  for (const [name, raw] of Object.entries(record(registries['mirrors']))) {
    const m = record(raw);
    const endpoints = Array.isArray(m['endpoints']) ? m['endpoints'] : [];
    spec.mirrors[name] = {
      endpoints: endpoints.map((e) => ({ endpoint: str(e), overridePath: m['overridePath'] === true })),
      skipFallback: m['skipFallback'] === true,
    };
  }
  for (const [host, raw] of Object.entries(record(registries['config']))) {
    const c = record(raw);
    if (c['auth'] !== undefined && c['auth'] !== null) spec.auths[host] = auth(record(c['auth']));
    if (c['tls'] !== undefined && c['tls'] !== null) spec.tls[host] = legacyTLS(record(c['tls']));
  }
  for (const doc of config.documentsOfKind('RegistryMirrorConfig')) {
    const endpoints = Array.isArray(doc.data['endpoints']) ? doc.data['endpoints'] : [];
    spec.mirrors[doc.name ?? ''] = {
      endpoints: endpoints.map((e) => ({
        endpoint: str(record(e)['url']),
        overridePath: record(e)['overridePath'] === true,
      })),
      skipFallback: doc.data['skipFallback'] === true,
    };
  }
  for (const doc of config.documentsOfKind('RegistryAuthConfig')) spec.auths[doc.name ?? ''] = auth(doc.data);
  for (const doc of config.documentsOfKind('RegistryTLSConfig'))
    spec.tls[doc.name ?? ''] = documentTLS(doc.data);
  return spec;
}

export class RegistriesConfigController implements Controller {
  readonly name = 'cri.RegistriesConfigController';

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [
      { type: REGISTRIES_CONFIG.type, namespace: REGISTRIES_CONFIG.namespace, kind: 'exclusive' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = (await getOptional<MachineConfigSpec>(ctx, MACHINE_CONFIG))?.spec.config;
      const spec = registriesFromConfig(config);
      await ctx.modify<RegistriesConfigSpec>(REGISTRIES_CONFIG, () => spec);
      ctx.resetBackoff();
    }
  }
}

// SecurityStates.talos.dev: the node's security posture (id "securitystate"): Secure Boot, signing
// key fingerprints, SELinux and FIPS state, module signature enforcement.
import { defineResource, pointerTo } from '../definition';

export const SECURITY_STATE_ID = 'securitystate';

export interface SecurityStateSpec {
  secureBoot: boolean;
  ukiSigningKeyFingerprint: string;
  pcrSigningKeyFingerprint: string;
  /** enums.RuntimeSELinuxState: 0 disabled, 1 permissive, 2 enforcing. */
  selinuxState: number;
  /** enums.RuntimeFIPSState: 0 disabled, 1 enabled, 2 strict. */
  fipsState: number;
  bootedWithUKI: boolean;
  moduleSignatureEnforced: boolean;
}

export const SecurityStateDefinition = defineResource<SecurityStateSpec>({
  type: 'SecurityStates.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'SecureBoot', jsonPath: '{.secureBoot}' },
    { name: 'UKISigningKeyFingerprint', jsonPath: '{.ukiSigningKeyFingerprint}' },
    { name: 'PCRSigningKeyFingerprint', jsonPath: '{.pcrSigningKeyFingerprint}' },
    { name: 'SELinuxState', jsonPath: '{.selinuxState}' },
    { name: 'ModuleSignatureEnforced', jsonPath: '{.moduleSignatureEnforced}' },
  ],
  protoSpec: 'talos.resource.definitions.runtime.SecurityStateSpec',
  toProto: (s) => ({
    secure_boot: s.secureBoot,
    uki_signing_key_fingerprint: s.ukiSigningKeyFingerprint,
    pcr_signing_key_fingerprint: s.pcrSigningKeyFingerprint,
    se_linux_state: s.selinuxState,
    booted_with_uki: s.bootedWithUKI,
    fips_state: s.fipsState,
    module_signature_enforced: s.moduleSignatureEnforced,
  }),
  // Talos leaves out what is empty or zero, secureBoot aside
  toYAML: (s) => ({
    secureBoot: s.secureBoot,
    ...(s.ukiSigningKeyFingerprint ? { ukiSigningKeyFingerprint: s.ukiSigningKeyFingerprint } : {}),
    ...(s.pcrSigningKeyFingerprint ? { pcrSigningKeyFingerprint: s.pcrSigningKeyFingerprint } : {}),
    ...(s.selinuxState ? { selinuxState: ['disabled', 'permissive', 'enforcing'][s.selinuxState] } : {}),
    ...(s.fipsState ? { fipsState: ['disabled', 'enabled', 'strict'][s.fipsState] } : {}),
    ...(s.bootedWithUKI ? { bootedWithUKI: true } : {}),
    ...(s.moduleSignatureEnforced ? { moduleSignatureEnforced: true } : {}),
  }),
});

export const SECURITY_STATE = pointerTo(SecurityStateDefinition, SECURITY_STATE_ID);

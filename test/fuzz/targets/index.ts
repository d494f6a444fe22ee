// Every fuzz target, by name (the runner's workers load them by name).
import { erase, type AnyFuzzTarget } from '../fuzz-target';

export const TARGET_MODULES: Record<string, () => Promise<AnyFuzzTarget>> = {
  config: async () => erase((await import('./config')).configTarget),
  csr: async () => erase(await (await import('./pki')).csrTarget()),
  x509: async () => erase(await (await import('./pki')).x509Target()),
  der: async () => erase(await (await import('./pki')).derTarget()),
  dhcp: async () => erase((await import('./dhcp')).dhcpTarget),
  gpt: async () => erase((await import('./gpt')).gptTarget),
  tar: async () => erase((await import('./oci')).tarTarget),
  'oci-manifest': async () => erase((await import('./oci')).manifestTarget),
};

export const TARGET_NAMES = Object.keys(TARGET_MODULES);

// EtcFileSpecs.files.talos.dev: a file under /etc the node writes (ids: its name, e.g. `hosts`,
// `resolv.conf`). Sensitive, as Talos: /etc files may carry secrets.
import { defineResource } from '../definition';

export interface EtcFileSpecSpec {
  contents: string;
  /** Unix permission bits. */
  mode: number;
  selinuxLabel: string;
}

export const EtcFileSpecDefinition = defineResource<EtcFileSpecSpec>({
  type: 'EtcFileSpecs.files.talos.dev',
  defaultNamespace: 'files',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.files.EtcFileSpecSpec',
  toProto: (s) => ({ contents: Buffer.from(s.contents), mode: s.mode, selinux_label: s.selinuxLabel }),
  toYAML: (s) => ({ contents: s.contents, mode: s.mode, selinux_label: s.selinuxLabel }),
});

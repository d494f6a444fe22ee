// EtcFileStatuses.files.talos.dev: a file under /etc as written (ids as its EtcFileSpec): the version
// of the spec it was written from.
import { defineResource } from '../definition';

export interface EtcFileStatusSpec {
  specVersion: string;
}

export const EtcFileStatusDefinition = defineResource<EtcFileStatusSpec>({
  type: 'EtcFileStatuses.files.talos.dev',
  defaultNamespace: 'files',
  protoSpec: 'talos.resource.definitions.files.EtcFileStatusSpec',
  toProto: (s) => ({ spec_version: s.specVersion }),
});

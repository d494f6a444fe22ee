// Machine configs for the network tests: the generated one with `machine.network` replaced (in its
// v1alpha1 document) and multi-document network kinds appended.
import { parseAllDocuments, stringify } from 'yaml';

export function withNetwork(
  base: Buffer,
  network: Record<string, unknown>,
  docs: readonly object[] = [],
): Buffer {
  const parts = parseAllDocuments(base.toString()).map((doc) => {
    if (doc.has('machine')) doc.setIn(['machine', 'network'], doc.createNode(network));
    return doc.toString();
  });
  return Buffer.from([...parts, ...docs.map((d) => stringify(d))].join('---\n'));
}

// The YAML library, loaded on first use: start-up does not need it, and loading it costs time and memory.
type YamlModule = typeof import('yaml');

let loading: Promise<YamlModule> | undefined;

export function yamlLibrary(): Promise<YamlModule> {
  // yaml is CommonJS: bundled, its exports may sit under `default`.
  loading ??= import('yaml').then((m) => (m as YamlModule & { default?: YamlModule }).default ?? m);
  return loading;
}

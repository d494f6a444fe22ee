export * from './command';
export * from './config';
export * from './endpoint';
export * from './secrets-bundle';
export * from './talosconfig';
export { toGoYaml, toGoYamlMultiDoc, parseYamlDocuments } from './yaml-style';

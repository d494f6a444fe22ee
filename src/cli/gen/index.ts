export * from './command';
export * from './config';
export * from './endpoint';
export * from './secrets-bundle';
export * from './talosconfig';
export { writeFileAtomic, FileExistsError, type AtomicWriteOptions } from './atomic-write';
export { toGoYaml, toGoYamlMultiDoc, parseYamlDocuments } from './yaml-style';

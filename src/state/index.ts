export * from './resource';
export * from './errors';
export * from './state';
export { MemoryState, type MemoryStateOptions } from './memory-state';
export { getOptional, getSpec, type ResourceGetter } from './get-optional';

// The fuzz worker's entry point: TypeScript through tsx, registered in this thread (a worker does not
// inherit the loader its parent was started with).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

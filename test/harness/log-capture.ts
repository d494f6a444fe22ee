// A logger whose output a test can read back.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log';

export function captureLogs(level = 'debug'): { logger: Logger; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  return { logger: createLogger('json', level, stream), text: () => out };
}

// The apid service: the Talos API (port 50000) inside the agent. Healthy when its listener completes a
// TLS handshake, as Talos's apid health check dials it.
import { connect } from 'node:tls';
import { DEFAULT_HEALTH_SETTINGS, type Service } from '../src/system';
import { inProcessService } from './in-process';

export interface ApidServiceOptions {
  readonly main: (signal: AbortSignal) => Promise<void>;
  /** The address apid listens on, e.g. 127.0.0.1. */
  readonly host: string;
  readonly port: number;
}

export function apidService(opts: ApidServiceOptions): Service {
  return inProcessService({
    id: 'apid',
    main: opts.main,
    health: {
      settings: DEFAULT_HEALTH_SETTINGS,
      check: (_ctx, signal) => tlsHandshake(opts.host, opts.port, signal),
    },
  });
}

function tlsHandshake(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'] });
    signal.addEventListener('abort', () => socket.destroy(new Error('health check aborted')), { once: true });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: Error) => {
      socket.destroy();
      reject(e);
    });
  });
}

// network.ProbeController: runs each ProbeSpec in `network` (a TCP connect every interval, within its
// timeout) and reports in a ProbeStatus of the same ID: success at once, failure only after
// `failureThreshold` failures in a row, with the last error as Go's dialer words it.
import { connect } from 'node:net';
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { NETWORK_NAMESPACE } from '../../src/resources/network/hostname-spec';
import {
  ProbeSpecDefinition,
  type ProbeSpecSpec,
  type TCPProbeSpec,
} from '../../src/resources/network/probe-spec';
import { ProbeStatusDefinition, type ProbeStatusSpec } from '../../src/resources/network/probe-status';

const DIAL_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ECONNRESET: 'connect: connection reset by peer',
};

/** One TCP connect to `host:port`; resolves with undefined on success, else Go's error text. */
export function probeTCP(spec: TCPProbeSpec, signal: AbortSignal): Promise<string | undefined> {
  const at = spec.endpoint.lastIndexOf(':');
  const host = spec.endpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(spec.endpoint.slice(at + 1));
  if (at < 0 || !Number.isInteger(port) || port <= 0 || port > 65535)
    return Promise.resolve(`dial tcp: address ${spec.endpoint}: missing port in address`);
  return new Promise((resolve) => {
    const socket = connect({ host, port, signal });
    const timer = setTimeout(() => finish(`dial tcp ${spec.endpoint}: i/o timeout`), spec.timeoutMs);
    function finish(error: string | undefined): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    }
    socket.once('connect', () => finish(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') finish(`dial tcp: lookup ${host}: no such host`);
      else finish(`dial tcp ${spec.endpoint}: ${DIAL_ERRORS[e.code ?? ''] ?? e.message}`);
    });
  });
}

/** Runs one probe until stopped, calling `report` whenever the status to publish changes. */
class ProbeRunner {
  private readonly abort = new AbortController();
  status: ProbeStatusSpec | undefined;

  constructor(
    readonly spec: ProbeSpecSpec,
    private readonly report: () => void,
  ) {
    void this.loop();
  }

  stop(): void {
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      const error = await probeTCP(this.spec.tcp, signal);
      if (signal.aborted) return;
      if (error === undefined) {
        failures = 0;
        this.publish({ success: true, lastError: '' });
      } else if (++failures >= this.spec.failureThreshold) {
        this.publish({ success: false, lastError: error });
      }
      await new Promise((resolve) => {
        const t = setTimeout(resolve, this.spec.intervalMs);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve(undefined)), { once: true });
      });
    }
  }

  private publish(status: ProbeStatusSpec): void {
    if (this.status?.success === status.success && this.status.lastError === status.lastError) return;
    this.status = status;
    this.report();
  }
}

export class ProbeController implements Controller {
  readonly name = 'network.ProbeController';

  inputs() {
    return [{ namespace: NETWORK_NAMESPACE, type: ProbeSpecDefinition.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: ProbeStatusDefinition.type, namespace: NETWORK_NAMESPACE, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const runners = new Map<string, ProbeRunner>();
    try {
      while (await ctx.nextEvent(signal)) {
        const specs = await ctx.list<ProbeSpecSpec>({
          namespace: NETWORK_NAMESPACE,
          type: ProbeSpecDefinition.type,
        });
        const wanted = new Map(
          specs.filter((r) => r.metadata.phase === 'running').map((r) => [r.metadata.id, r.spec]),
        );
        for (const [id, runner] of runners)
          if (JSON.stringify(wanted.get(id)) !== JSON.stringify(runner.spec)) {
            runner.stop();
            runners.delete(id);
          }
        for (const [id, spec] of wanted)
          if (!runners.has(id)) runners.set(id, new ProbeRunner(spec, () => ctx.queueReconcile()));
        ctx.startTrackingOutputs();
        for (const [id, runner] of runners) {
          const status = runner.status;
          if (status)
            await ctx.modify<ProbeStatusSpec>(
              { namespace: NETWORK_NAMESPACE, type: ProbeStatusDefinition.type, id },
              () => status,
            );
        }
        await ctx.cleanupOutputs();
        ctx.resetBackoff();
      }
    } finally {
      for (const runner of runners.values()) runner.stop();
    }
  }
}

// Every call machined serves is logged as Talos's machined logs it, the caller's token hidden.
import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Backend, MethodInfo } from '../../../src/grpc/backend';
import { ApiError } from '../../../src/grpc/errors';
import type { CallContext } from '../../../src/grpc/handler';
import { callLine, LoggedBackend } from '../../../src/grpc/logged-backend';

const method = (path: string) => ({ path }) as MethodInfo;
const md = () => {
  const m = new Metadata();
  m.set('token', 'a-secret-join-token');
  m.set('nodes', '10.5.0.2');
  m.add('nodes', '10.5.0.3');
  m.set('content-type', 'application/grpc');
  return m;
};

describe('call log lines', () => {
  it('say code, method, Go duration, kind, outcome and the sorted metadata, the token hidden', () => {
    expect(callLine('/machine.MachineService/Version', 'unary', 1_500_000n, md())).toBe(
      'OK [/machine.MachineService/Version] 1.5ms unary Success (content-type=application/grpc;nodes=10.5.0.2,10.5.0.3;token=<hidden>)',
    );
    const err = new ApiError(status.FAILED_PRECONDITION, 'method is not supported in container mode');
    expect(callLine('/machine.MachineService/Reboot', 'unary', 2_000_000_000n, new Metadata(), err)).toBe(
      'FailedPrecondition [/machine.MachineService/Reboot] 2s unary method is not supported in container mode ()',
    );
  });

  it('are written once per call, success or failure, and the call outcome is unchanged', async () => {
    const lines: string[] = [];
    const inner = {
      has: () => true,
      unary: (m: MethodInfo) =>
        m.path.endsWith('Fail')
          ? Promise.reject(new ApiError(status.NOT_FOUND, 'gone'))
          : Promise.resolve(Buffer.from('ok')),
      serverStream: async (
        _m: MethodInfo,
        _r: Buffer,
        _c: CallContext,
        send: (b: Buffer) => Promise<void>,
      ) => {
        await send(Buffer.from('x'));
      },
    } as unknown as Backend & { has(path: string): boolean };
    const b = new LoggedBackend(inner, (l) => lines.push(l));
    const ctx = { metadata: md() } as CallContext;
    expect((await b.unary(method('/s/Ok'), Buffer.alloc(0), ctx)).toString()).toBe('ok');
    await expect(b.unary(method('/s/Fail'), Buffer.alloc(0), ctx)).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    const sent: Buffer[] = [];
    await b.serverStream(method('/s/Stream'), Buffer.alloc(0), ctx, async (x) => void sent.push(x));
    expect(sent).toHaveLength(1);
    expect(lines.map((l) => l.replace(/\] \S+ /, '] D '))).toEqual([
      'OK [/s/Ok] D unary Success (content-type=application/grpc;nodes=10.5.0.2,10.5.0.3;token=<hidden>)',
      'NotFound [/s/Fail] D unary gone (content-type=application/grpc;nodes=10.5.0.2,10.5.0.3;token=<hidden>)',
      'OK [/s/Stream] D stream Success (content-type=application/grpc;nodes=10.5.0.2,10.5.0.3;token=<hidden>)',
    ]);
    expect(lines.join('\n')).not.toContain('a-secret-join-token');
  });
});

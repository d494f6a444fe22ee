// ContainerRun's refusals before anything runs, and the container ctr is asked for.
import { Metadata, status } from '@grpc/grpc-js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { debugApi, debugRunArgs } from '../../../../../src/apps/machined/api/debug-api';
import { ApiError } from '../../../../../src/grpc/errors';

const ctx = {
  method: '/machine.DebugService/ContainerRun',
  metadata: new Metadata(),
  roles: new Set(['os:admin'] as const),
  signal: new AbortController().signal,
  peer: 'test',
};

async function runOf(reqs: object[]): Promise<unknown> {
  async function* gen() {
    for (const r of reqs) yield r;
  }
  const api = debugApi({
    rootDir: '/nonexistent',
    hostRoot: '/nonexistent',
    logger: pino({ level: 'silent' }),
  });
  try {
    return await api.ContainerRun!(gen() as never, ctx, () => Promise.resolve());
  } catch (e: unknown) {
    return e;
  }
}

const codeOf = (e: unknown): number | undefined => (e instanceof ApiError ? e.code : undefined);

describe('DebugService.ContainerRun', () => {
  it('refuses a stream that does not start with the spec, and a profile other than privileged', async () => {
    expect(codeOf(await runOf([]))).toBe(status.INVALID_ARGUMENT);
    const noSpec = await runOf([{ request: 'stdin_data', stdin_data: Buffer.from('x') }]);
    expect(codeOf(noSpec)).toBe(status.INVALID_ARGUMENT);
    expect((noSpec as Error).message).toBe('expected debug container spec');
    const profile = await runOf([
      {
        request: 'spec',
        spec: { image_name: 'x', args: [], env: {}, profile: 'PROFILE_UNSPECIFIED', tty: false },
      },
    ]);
    expect(codeOf(profile)).toBe(status.INVALID_ARGUMENT);
    expect((profile as Error).message).toBe('unsupported debug container profile: PROFILE_UNSPECIFIED');
  });

  it('asks ctr for a privileged, host-network container with the node root at /host', () => {
    const args = debugRunArgs(
      { socket: '/s.sock', namespace: 'system' },
      'debug-1',
      { image_name: 'img:1', args: ['sh', '-c', 'true'], env: { A: 'b' } },
      '/node',
    );
    expect(args).toEqual([
      '--address',
      '/s.sock',
      '--namespace',
      'system',
      'run',
      '--rm',
      '--privileged',
      '--net-host',
      '--mount',
      'type=bind,src=/node,dst=/host,options=rbind:rw',
      '--env',
      'A=b',
      'img:1',
      'debug-1',
      'sh',
      '-c',
      'true',
    ]);
  });
});

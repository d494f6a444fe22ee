// What the compiler refuses in an API implementation (checked by `make typecheck`, which includes the
// tests): each `@ts-expect-error` below must stay an error, or tsc fails on the unused directive. The
// run-time part checks that implement() hands the methods through unchanged.
import { describe, expect, it } from 'vitest';
import { implement } from '../../../src/grpc/handler';

describe('implement()', () => {
  it('passes the methods through', async () => {
    const methods = implement('machine.MachineService', {
      MetaWrite: (req) => Promise.resolve({ messages: [{ metadata: { hostname: String(req.key) } }] }),
    });
    const ctx = {} as Parameters<NonNullable<typeof methods.MetaWrite>>[1];
    await expect(methods.MetaWrite?.({ key: 7, value: Buffer.alloc(0) }, ctx)).resolves.toEqual({
      messages: [{ metadata: { hostname: '7' } }],
    });
  });
});

/** Never run: each implementation below must fail to compile. */
function refusedAtCompileTime(): void {
  implement('machine.MachineService', {
    // @ts-expect-error MetaWrit is not a method of machine.MachineService
    MetaWrit: () => Promise.resolve({ messages: [] }),
  });
  implement('machine.MachineService', {
    // @ts-expect-error MetaWriteRequest has `value`, not `data`
    MetaWrite: (req) => Promise.resolve({ messages: [{ metadata: { hostname: String(req.data) } }] }),
  });
  implement('machine.MachineService', {
    // @ts-expect-error VersionInfo has `tag`, not `tagg`
    Version: () => Promise.resolve({ messages: [{ version: { tagg: 'v1.13.9' } }] }),
  });
  implement('cosi.resource.State', {
    // @ts-expect-error Version belongs to machine.MachineService, not to the COSI state service
    Version: () => Promise.resolve({ messages: [] }),
  });
}
void refusedAtCompileTime;

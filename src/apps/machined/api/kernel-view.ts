// The API boundary of the kernel's views (src/procfs): a failure to read one is a plain error in Talos,
// which gRPC answers with code Unknown and Go's wording of the failure.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { isProcfsError } from '../../../procfs/errors';

export async function fromKernel<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e: unknown) {
    if (isProcfsError(e)) throw new ApiError(status.UNKNOWN, e.message);
    throw e;
  }
}

/** A 64-bit counter as the API's Init types take it: a decimal string. */
export const u64 = (n: bigint): string => n.toString();

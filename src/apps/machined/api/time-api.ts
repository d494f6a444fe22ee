// time.TimeService (`talosctl time`): `Time` asks the first time server of the config (Talos's default
// server when it names none), `TimeCheck` the server the caller names (`talosctl time --check`). Each
// answer is one SNTP query, validated, with our clock and the server's; a server that does not answer
// fails within the query timeout (or the caller's deadline, when that is sooner), never hangs.
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../../config';
import type { TimestampInit } from '../../../gen/api/google/protobuf';
import type { TimeResponseInit } from '../../../gen/api/time';
import { errorMessage } from '../../../error-message';
import { ApiError, invalidArgument } from '../../../grpc/errors';
import { implement, type CallContext, type Implementation } from '../../../grpc/handler';
import { DEFAULT_QUERY_TIMEOUT_MS, querySNTP, validateSNTP } from '../../../ntp/sntp-client';
import { DEFAULT_TIME_SERVER, isPTPDevice, timeSyncSettings } from '../../../ntp/time-sync-config';

export interface TimeApiOptions {
  readonly config: () => MachineConfig | undefined;
  /** The SNTP query timeout (ms). */
  readonly queryTimeoutMs?: number;
}

const timestamp = (ms: number): TimestampInit => {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) % 1e9 };
};

export function timeApi(o: TimeApiOptions): Implementation<'time.TimeService'> {
  const check = async (server: string, ctx: CallContext): Promise<TimeResponseInit> => {
    if (server === '') throw invalidArgument('ntp server is required');
    if (isPTPDevice(server))
      throw new ApiError(
        status.UNIMPLEMENTED,
        `error querying PTP device "${server}": PTP hardware clocks are not supported by this node`,
      );
    const untilDeadline =
      ctx.deadline !== undefined && Number.isFinite(ctx.deadline) ? ctx.deadline - Date.now() : Infinity;
    const timeoutMs = Math.max(1, Math.min(o.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS, untilDeadline));
    let remote: number;
    try {
      const r = await querySNTP(server, { timeoutMs, signal: ctx.signal });
      try {
        validateSNTP(r);
      } catch (e: unknown) {
        throw new ApiError(status.UNKNOWN, `error validating NTP response: ${errorMessage(e)}`);
      }
      remote = r.time;
    } catch (e: unknown) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(status.UNKNOWN, `error querying NTP server "${server}": ${errorMessage(e)}`);
    }
    return { messages: [{ server, localtime: timestamp(Date.now()), remotetime: timestamp(remote) }] };
  };

  return implement('time.TimeService', {
    Time: async (_req, ctx) => {
      const servers = timeSyncSettings(o.config())?.servers ?? [];
      return check(servers[0] ?? DEFAULT_TIME_SERVER, ctx);
    },
    TimeCheck: async (req, ctx) => check(req.server, ctx),
  });
}

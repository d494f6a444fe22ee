// A service that runs inside the agent (machined, apid, trustd): Talos runs these as goroutines,
// restarted forever; here an InProcessRunner wrapped in the same restart policy.
import {
  InProcessRunner,
  RestartRunner,
  type HealthSettings,
  type Service,
  type ServiceContext,
} from '../src/system';

export interface InProcessServiceOptions {
  readonly id: string;
  readonly main: (signal: AbortSignal) => Promise<void>;
  readonly dependsOn?: readonly string[];
  readonly health?: {
    check(ctx: ServiceContext, signal: AbortSignal): Promise<void>;
    readonly settings: HealthSettings;
  };
}

export function inProcessService(opts: InProcessServiceOptions): Service {
  return {
    id: opts.id,
    dependsOn: () => opts.dependsOn ?? [],
    runner: () =>
      Promise.resolve(
        new RestartRunner(new InProcessRunner({ id: opts.id, main: opts.main }), { policy: 'Forever' }),
      ),
    ...(opts.health ? { health: opts.health } : {}),
  };
}

// inspect.InspectService: the controller runtime's graph of controllers and resources
// (`talosctl inspect dependencies`).
import type { ControllerRuntime } from '../../../controller-runtime';
import type { ServiceImplementation } from '../../../grpc/handler';
import { unary } from '../../../grpc/handler';

export function inspectService(runtime: ControllerRuntime): ServiceImplementation {
  return {
    ControllerRuntimeDependencies: unary(() => Promise.resolve({ messages: [runtime.dependencies()] })),
  };
}

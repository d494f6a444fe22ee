// inspect.InspectService: the controller runtime's graph of controllers and resources
// (`talosctl inspect dependencies`).
import type { ControllerRuntime } from '../../../controller-runtime';
import { implement, type Implementation } from '../../../grpc/handler';

export function inspectApi(runtime: ControllerRuntime): Implementation<'inspect.InspectService'> {
  return implement('inspect.InspectService', {
    ControllerRuntimeDependencies: () => Promise.resolve({ messages: [runtime.dependencies()] }),
  });
}

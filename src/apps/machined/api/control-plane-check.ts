// Talos machinehelper.CheckControlplane: APIs of control-plane nodes answer Unimplemented elsewhere,
// with Talos's messages (they are Talos's answers, not missing features).
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { MACHINE_TYPE, type MachineTypeName } from '../../../resources/config/machine-type';
import { getSpec, type State } from '../../../state';

export async function checkControlPlane(state: State, apiName: string): Promise<void> {
  const type = await getSpec<MachineTypeName>(state, MACHINE_TYPE);
  if (type === undefined)
    throw new ApiError(status.UNIMPLEMENTED, `machine type is not set, cannot use ${apiName} API`);
  if (type !== 'controlplane' && type !== 'init')
    throw new ApiError(status.UNIMPLEMENTED, `${apiName} is only available on control plane nodes`);
}

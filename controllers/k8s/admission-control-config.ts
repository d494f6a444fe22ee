// k8s.ControlPlaneAdmissionControlController: AdmissionControlConfig ("admission-control" in
// `controlplane`) from `cluster.apiServer.admissionControl` on control-plane nodes. Like Talos, no
// plugin is added here: the PodSecurity default is written into the config when it is generated.
import { onControlPlane, type ControlPlaneSections } from '../../src/k8s/control-plane-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG } from '../../src/resources/config/machine-config';
import {
  ADMISSION_CONTROL_CONFIG,
  type AdmissionControlConfigSpec,
} from '../../src/resources/k8s/admission-control-config';

export class ControlPlaneAdmissionControlController extends derivedController(
  'k8s.ControlPlaneAdmissionControlController',
  MACHINE_CONFIG,
  ADMISSION_CONTROL_CONFIG,
  onControlPlane(admissionControlConfig),
) {}

export function admissionControlConfig({ cluster }: ControlPlaneSections): AdmissionControlConfigSpec {
  return {
    config: (cluster.apiServer?.admissionControl ?? []).map((p) => ({
      name: p.name ?? '',
      ...(p.configuration ? { configuration: structuredClone(p.configuration) } : {}),
    })),
  };
}

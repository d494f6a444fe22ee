// k8s.ControlPlaneAdmissionControlController: AdmissionControlConfig ("admission-control" in
// `controlplane`) from `cluster.apiServer.admissionControl` on control-plane nodes. Like Talos, no
// plugin is added here: the PodSecurity default is written into the config when it is generated.
import { ControlPlaneConfigController, type ControlPlaneSections } from './control-plane-common';
import {
  AdmissionControlConfigDefinition,
  ADMISSION_CONTROL_CONFIG_ID,
  type AdmissionControlConfigSpec,
} from '../../src/resources/k8s/admission-control-config';

export class ControlPlaneAdmissionControlController extends ControlPlaneConfigController<AdmissionControlConfigSpec> {
  readonly name = 'k8s.ControlPlaneAdmissionControlController';

  constructor() {
    super(AdmissionControlConfigDefinition.type, ADMISSION_CONTROL_CONFIG_ID);
  }

  protected build({ cluster }: ControlPlaneSections): AdmissionControlConfigSpec {
    return {
      config: (cluster.apiServer?.admissionControl ?? []).map((p) => ({
        name: p.name ?? '',
        ...(p.configuration ? { configuration: structuredClone(p.configuration) } : {}),
      })),
    };
  }
}

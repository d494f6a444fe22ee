/** KubeletConfiguration keys that `machine.kubelet.extraConfig` may not set (Talos's protected fields). */
export const PROTECTED_KUBELET_FIELDS: readonly string[] = [
  'apiVersion',
  'authentication',
  'authorization',
  'cgroupRoot',
  'kind',
  'kubeletCgroups',
  'port',
  'protectKernelDefaults',
  'resolvConf',
  'rotateCertificates',
  'systemCgroups',
  'staticPodPath',
  'seccompDefault',
];

// Original file: proto/resource/definitions/secrets/secrets.proto


export interface KubernetesCertsSpec {
  'scheduler_kubeconfig'?: (string);
  'controller_manager_kubeconfig'?: (string);
  'localhost_admin_kubeconfig'?: (string);
  'admin_kubeconfig'?: (string);
}

export interface KubernetesCertsSpec__Output {
  'scheduler_kubeconfig': (string);
  'controller_manager_kubeconfig': (string);
  'localhost_admin_kubeconfig': (string);
  'admin_kubeconfig': (string);
}

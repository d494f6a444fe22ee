// The talos.dev ServiceAccount custom resource definition, applied when Kubernetes Talos API access is
// enabled: a namespaced resource listing the Talos roles a workload asks for.
import { object, type K8sObject } from './objects';

const GROUP = 'talos.dev';
const KIND = 'ServiceAccount';
const SINGULAR = 'serviceaccount';
const PLURAL = `${SINGULAR}s`;

export function talosServiceAccountCRD(): K8sObject {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { roles: { type: 'array', items: { type: 'string' } } },
      },
      status: {
        type: 'object',
        properties: { failureReason: { type: 'string' } },
      },
    },
  };
  return object(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    { name: `${PLURAL}.${GROUP}` },
    {
      spec: {
        conversion: { strategy: 'None' },
        group: GROUP,
        names: {
          kind: KIND,
          listKind: `${KIND}List`,
          plural: PLURAL,
          singular: SINGULAR,
          shortNames: ['tsa'],
        },
        scope: 'Namespaced',
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    },
  );
}

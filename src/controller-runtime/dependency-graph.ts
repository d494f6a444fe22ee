// Who outputs and who reads what: the registration check (one exclusive owner per output type)
// and the graph as InspectService.ControllerRuntimeDependencies presents it.
import type { Controller, Input, InputKind, Output } from './controller';
import { OutputConflictError } from './errors';

/** `inspect.DependencyEdgeType`, by enum name (as the API layer encodes enums). */
export type DependencyEdgeType =
  'OUTPUT_EXCLUSIVE' | 'OUTPUT_SHARED' | 'INPUT_STRONG' | 'INPUT_WEAK' | 'INPUT_DESTROY_READY';

/** `inspect.ControllerDependencyEdge`, with its protobuf field names. */
export interface ControllerDependencyEdge {
  readonly controller_name: string;
  readonly edge_type: DependencyEdgeType;
  readonly resource_namespace: string;
  readonly resource_type: string;
  readonly resource_id: string;
}

/** `inspect.ControllerRuntimeDependency` without `metadata` (the API layer adds the node). */
export interface ControllerRuntimeDependency {
  readonly edges: ControllerDependencyEdge[];
}

const INPUT_EDGE: Record<InputKind, DependencyEdgeType> = {
  strong: 'INPUT_STRONG',
  weak: 'INPUT_WEAK',
  destroyReady: 'INPUT_DESTROY_READY',
};

// Outputs first (exclusive, then shared), then inputs; each by controller, namespace, type, id.
const EDGE_ORDER: Record<DependencyEdgeType, number> = {
  OUTPUT_EXCLUSIVE: 0,
  OUTPUT_SHARED: 1,
  INPUT_STRONG: 2,
  INPUT_WEAK: 2,
  INPUT_DESTROY_READY: 2,
};

interface Registered {
  readonly name: string;
  readonly inputs: readonly Input[];
  readonly outputs: readonly Output[];
}

export class DependencyGraph {
  private readonly exclusive = new Map<string, string>();
  private readonly shared = new Map<string, string[]>();
  private readonly controllers: Registered[] = [];

  /** Validates every output of the controller first, so a refused registration changes nothing. */
  add(controller: Controller, inputs: readonly Input[], outputs: readonly Output[]): void {
    const seen = new Map<string, Output['kind']>();
    for (const o of outputs) {
      const owner = this.exclusive.get(o.type);
      if (owner !== undefined) throw new OutputConflictError(o.type, controller.name, owner, 'exclusive');
      const sharers = this.shared.get(o.type);
      if (o.kind === 'exclusive' && sharers?.[0] !== undefined) {
        throw new OutputConflictError(o.type, controller.name, sharers[0], 'shared');
      }
      const twice = seen.get(o.type);
      if (twice !== undefined) throw new OutputConflictError(o.type, controller.name, controller.name, twice);
      seen.set(o.type, o.kind);
    }
    for (const o of outputs) {
      if (o.kind === 'exclusive') this.exclusive.set(o.type, controller.name);
      else this.shared.set(o.type, [...(this.shared.get(o.type) ?? []), controller.name]);
    }
    this.controllers.push({ name: controller.name, inputs, outputs });
  }

  export(): ControllerRuntimeDependency {
    const edges: ControllerDependencyEdge[] = [];
    for (const c of this.controllers) {
      for (const o of c.outputs) {
        edges.push({
          controller_name: c.name,
          edge_type: o.kind === 'exclusive' ? 'OUTPUT_EXCLUSIVE' : 'OUTPUT_SHARED',
          resource_namespace: o.namespace ?? '',
          resource_type: o.type,
          resource_id: '',
        });
      }
      for (const i of c.inputs) {
        edges.push({
          controller_name: c.name,
          edge_type: INPUT_EDGE[i.kind],
          resource_namespace: i.namespace,
          resource_type: i.type,
          resource_id: i.id ?? '',
        });
      }
    }
    return { edges: edges.sort(compareEdges) };
  }
}

function compareEdges(a: ControllerDependencyEdge, b: ControllerDependencyEdge): number {
  return (
    EDGE_ORDER[a.edge_type] - EDGE_ORDER[b.edge_type] ||
    cmp(a.controller_name, b.controller_name) ||
    cmp(a.resource_namespace, b.resource_namespace) ||
    cmp(a.resource_type, b.resource_type) ||
    cmp(a.resource_id, b.resource_id) ||
    cmp(a.edge_type, b.edge_type)
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

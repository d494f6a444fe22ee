// Original file: proto/resource/definitions/perf/perf.proto

import type { CPUStat as _talos_resource_definitions_perf_CPUStat, CPUStat__Output as _talos_resource_definitions_perf_CPUStat__Output } from '../../../../talos/resource/definitions/perf/CPUStat';
import type { Long } from '@grpc/proto-loader';

export interface CPUSpec {
  'cpu'?: (_talos_resource_definitions_perf_CPUStat)[];
  'cpu_total'?: (_talos_resource_definitions_perf_CPUStat | null);
  'irq_total'?: (number | string | Long);
  'context_switches'?: (number | string | Long);
  'process_created'?: (number | string | Long);
  'process_running'?: (number | string | Long);
  'process_blocked'?: (number | string | Long);
  'soft_irq_total'?: (number | string | Long);
}

export interface CPUSpec__Output {
  'cpu': (_talos_resource_definitions_perf_CPUStat__Output)[];
  'cpu_total': (_talos_resource_definitions_perf_CPUStat__Output | null);
  'irq_total': (string);
  'context_switches': (string);
  'process_created': (string);
  'process_running': (string);
  'process_blocked': (string);
  'soft_irq_total': (string);
}

// MemoryStats.perf.talos.dev: the last memory counters of the node (id "latest"), in kB as
// /proc/meminfo has them; `used` is total minus free.
import { defineResource, pointerTo } from '../definition';
import { PERF_LATEST_ID } from './cpu-stats';

export interface MemoryStatsSpec {
  total: number;
  used: number;
  available: number;
  buffers: number;
  cached: number;
  swapCached: number;
  active: number;
  inactive: number;
  activeAnon: number;
  inactiveAnon: number;
  activeFile: number;
  inactiveFile: number;
  unevictable: number;
  mlocked: number;
  swapTotal: number;
  swapFree: number;
  dirty: number;
  writeback: number;
  anonPages: number;
  mapped: number;
  shmem: number;
  slab: number;
  sreclaimable: number;
  sunreclaim: number;
  kernelStack: number;
  pageTables: number;
  nfsunstable: number;
  bounce: number;
  writeBacktmp: number;
  commitLimit: number;
  commitTedas: number;
  vmallocTotal: number;
  vmallocUsed: number;
  vmallocChunk: number;
  hardwareCorrupted: number;
  anonHugePages: number;
  shmemHugePages: number;
  shmemPmdMapped: number;
  cmaTotal: number;
  cmaFree: number;
  hugePagesTotal: number;
  hugePagesFree: number;
  hugePagesRsvd: number;
  hugePagesSurp: number;
  hugepagesize: number;
  directMap4k: number;
  directMap2m: number;
  directMap1g: number;
}

/** Each field: its name in the spec (Talos's YAML), in the protobuf spec, and in /proc/meminfo. */
export const MEMORY_FIELDS: readonly (readonly [keyof MemoryStatsSpec, string, string | undefined])[] = [
  ['total', 'mem_total', 'MemTotal'],
  ['used', 'mem_used', undefined],
  ['available', 'mem_available', 'MemAvailable'],
  ['buffers', 'buffers', 'Buffers'],
  ['cached', 'cached', 'Cached'],
  ['swapCached', 'swap_cached', 'SwapCached'],
  ['active', 'active', 'Active'],
  ['inactive', 'inactive', 'Inactive'],
  ['activeAnon', 'active_anon', 'Active(anon)'],
  ['inactiveAnon', 'inactive_anon', 'Inactive(anon)'],
  ['activeFile', 'active_file', 'Active(file)'],
  ['inactiveFile', 'inactive_file', 'Inactive(file)'],
  ['unevictable', 'unevictable', 'Unevictable'],
  ['mlocked', 'mlocked', 'Mlocked'],
  ['swapTotal', 'swap_total', 'SwapTotal'],
  ['swapFree', 'swap_free', 'SwapFree'],
  ['dirty', 'dirty', 'Dirty'],
  ['writeback', 'writeback', 'Writeback'],
  ['anonPages', 'anon_pages', 'AnonPages'],
  ['mapped', 'mapped', 'Mapped'],
  ['shmem', 'shmem', 'Shmem'],
  ['slab', 'slab', 'Slab'],
  ['sreclaimable', 's_reclaimable', 'SReclaimable'],
  ['sunreclaim', 's_unreclaim', 'SUnreclaim'],
  ['kernelStack', 'kernel_stack', 'KernelStack'],
  ['pageTables', 'page_tables', 'PageTables'],
  ['nfsunstable', 'nf_sunstable', 'NFS_Unstable'],
  ['bounce', 'bounce', 'Bounce'],
  ['writeBacktmp', 'writeback_tmp', 'WritebackTmp'],
  ['commitLimit', 'commit_limit', 'CommitLimit'],
  ['commitTedas', 'committed_as', 'Committed_AS'],
  ['vmallocTotal', 'vmalloc_total', 'VmallocTotal'],
  ['vmallocUsed', 'vmalloc_used', 'VmallocUsed'],
  ['vmallocChunk', 'vmalloc_chunk', 'VmallocChunk'],
  ['hardwareCorrupted', 'hardware_corrupted', 'HardwareCorrupted'],
  ['anonHugePages', 'anon_huge_pages', 'AnonHugePages'],
  ['shmemHugePages', 'shmem_huge_pages', 'ShmemHugePages'],
  ['shmemPmdMapped', 'shmem_pmd_mapped', 'ShmemPmdMapped'],
  ['cmaTotal', 'cma_total', 'CmaTotal'],
  ['cmaFree', 'cma_free', 'CmaFree'],
  ['hugePagesTotal', 'huge_pages_total', 'HugePages_Total'],
  ['hugePagesFree', 'huge_pages_free', 'HugePages_Free'],
  ['hugePagesRsvd', 'huge_pages_rsvd', 'HugePages_Rsvd'],
  ['hugePagesSurp', 'huge_pages_surp', 'HugePages_Surp'],
  ['hugepagesize', 'hugepagesize', 'Hugepagesize'],
  ['directMap4k', 'direct_map4k', 'DirectMap4k'],
  ['directMap2m', 'direct_map2m', 'DirectMap2M'],
  ['directMap1g', 'direct_map1g', 'DirectMap1G'],
];

export function memoryStatsFrom(meminfo: ReadonlyMap<string, number>): MemoryStatsSpec {
  const spec = {} as MemoryStatsSpec;
  for (const [name, , key] of MEMORY_FIELDS) spec[name] = key ? (meminfo.get(key) ?? 0) : 0;
  spec.used = spec.total - (meminfo.get('MemFree') ?? 0);
  return spec;
}

export const MemoryStatsDefinition = defineResource<MemoryStatsSpec>({
  type: 'MemoryStats.perf.talos.dev',
  defaultNamespace: 'perf',
  printColumns: [
    { name: 'Used', jsonPath: '{.used}' },
    { name: 'Total', jsonPath: '{.total}' },
  ],
  protoSpec: 'talos.resource.definitions.perf.MemorySpec',
  toProto: (s) => Object.fromEntries(MEMORY_FIELDS.map(([name, proto]) => [proto, s[name]])),
});

export const MEMORY_STATS = pointerTo(MemoryStatsDefinition, PERF_LATEST_ID);

// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface ZswapStatusSpec {
  'total_size_bytes'?: (number | string | Long);
  'total_size_human'?: (string);
  'stored_pages'?: (number | string | Long);
  'pool_limit_hit'?: (number | string | Long);
  'reject_reclaim_fail'?: (number | string | Long);
  'reject_alloc_fail'?: (number | string | Long);
  'reject_kmemcache_fail'?: (number | string | Long);
  'reject_compress_fail'?: (number | string | Long);
  'reject_compress_poor'?: (number | string | Long);
  'written_back_pages'?: (number | string | Long);
}

export interface ZswapStatusSpec__Output {
  'total_size_bytes': (string);
  'total_size_human': (string);
  'stored_pages': (string);
  'pool_limit_hit': (string);
  'reject_reclaim_fail': (string);
  'reject_alloc_fail': (string);
  'reject_kmemcache_fail': (string);
  'reject_compress_fail': (string);
  'reject_compress_poor': (string);
  'written_back_pages': (string);
}

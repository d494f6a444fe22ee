// Original file: proto/resource/definitions/enums/enums.proto

export const CriImageCacheStatus = {
  IMAGE_CACHE_STATUS_UNKNOWN: 'IMAGE_CACHE_STATUS_UNKNOWN',
  IMAGE_CACHE_STATUS_DISABLED: 'IMAGE_CACHE_STATUS_DISABLED',
  IMAGE_CACHE_STATUS_PREPARING: 'IMAGE_CACHE_STATUS_PREPARING',
  IMAGE_CACHE_STATUS_READY: 'IMAGE_CACHE_STATUS_READY',
} as const;

export type CriImageCacheStatus =
  | 'IMAGE_CACHE_STATUS_UNKNOWN'
  | 0
  | 'IMAGE_CACHE_STATUS_DISABLED'
  | 1
  | 'IMAGE_CACHE_STATUS_PREPARING'
  | 2
  | 'IMAGE_CACHE_STATUS_READY'
  | 3

export type CriImageCacheStatus__Output = typeof CriImageCacheStatus[keyof typeof CriImageCacheStatus]

// Original file: proto/resource/definitions/enums/enums.proto

export const CriImageCacheCopyStatus = {
  IMAGE_CACHE_COPY_STATUS_UNKNOWN: 'IMAGE_CACHE_COPY_STATUS_UNKNOWN',
  IMAGE_CACHE_COPY_STATUS_SKIPPED: 'IMAGE_CACHE_COPY_STATUS_SKIPPED',
  IMAGE_CACHE_COPY_STATUS_PENDING: 'IMAGE_CACHE_COPY_STATUS_PENDING',
  IMAGE_CACHE_COPY_STATUS_READY: 'IMAGE_CACHE_COPY_STATUS_READY',
} as const;

export type CriImageCacheCopyStatus =
  | 'IMAGE_CACHE_COPY_STATUS_UNKNOWN'
  | 0
  | 'IMAGE_CACHE_COPY_STATUS_SKIPPED'
  | 1
  | 'IMAGE_CACHE_COPY_STATUS_PENDING'
  | 2
  | 'IMAGE_CACHE_COPY_STATUS_READY'
  | 3

export type CriImageCacheCopyStatus__Output = typeof CriImageCacheCopyStatus[keyof typeof CriImageCacheCopyStatus]

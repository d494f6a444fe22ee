// Metal platform boot-time pieces: kernel parameters, network bring-up, config download, maintenance banner.
export * from './kernel-params';
export * from './network-up';
export * from './config-download';
export * from './config-volume';
export * from './maintenance-banner';
export { dhcpAcquire, type DhcpOptions } from './dhcp-client';
export { keepLease, type LeaseKeeperOptions } from './dhcp-lease-keeper';
export type { DhcpLease } from './dhcp-packet';

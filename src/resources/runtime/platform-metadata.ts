// PlatformMetadatas.talos.dev: what the platform says about the machine (id "platformmetadata").
import { defineResource } from '../definition';

export const PLATFORM_METADATA_ID = 'platformmetadata';

export interface PlatformMetadataSpec {
  platform: string;
  hostname?: string;
  region?: string;
  zone?: string;
  instanceType?: string;
  instanceId?: string;
  providerId?: string;
  spot?: boolean;
  internalDNS?: string;
  externalDNS?: string;
  tags?: Record<string, string>;
}

export const PlatformMetadataDefinition = defineResource<PlatformMetadataSpec>({
  type: 'PlatformMetadatas.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Platform', jsonPath: '{.platform}' },
    { name: 'Type', jsonPath: '{.instanceType}' },
    { name: 'Region', jsonPath: '{.region}' },
    { name: 'Zone', jsonPath: '{.zone}' },
  ],
  protoSpec: 'talos.resource.definitions.runtime.PlatformMetadataSpec',
  toProto: (s) => ({
    platform: s.platform,
    hostname: s.hostname,
    region: s.region,
    zone: s.zone,
    instance_type: s.instanceType,
    instance_id: s.instanceId,
    provider_id: s.providerId,
    spot: s.spot,
    internal_dns: s.internalDNS,
    external_dns: s.externalDNS,
    tags: s.tags,
  }),
  // omitempty throughout: empty fields are left out
  toYAML: (s) =>
    Object.fromEntries(
      Object.entries(s).filter(
        ([, v]) =>
          v !== undefined &&
          v !== '' &&
          v !== false &&
          !(typeof v === 'object' && Object.keys(v as object).length === 0),
      ),
    ),
});

import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition } from '@grpc/proto-loader';


type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        enums: {
          BlockEncryptionKeyType: EnumTypeDefinition
          BlockEncryptionProviderType: EnumTypeDefinition
          BlockFSParameterType: EnumTypeDefinition
          BlockFilesystemType: EnumTypeDefinition
          BlockVolumePhase: EnumTypeDefinition
          BlockVolumeType: EnumTypeDefinition
          CriImageCacheCopyStatus: EnumTypeDefinition
          CriImageCacheStatus: EnumTypeDefinition
          KubespanPeerState: EnumTypeDefinition
          MachineType: EnumTypeDefinition
          NethelpersADLACPActive: EnumTypeDefinition
          NethelpersADSelect: EnumTypeDefinition
          NethelpersARPAllTargets: EnumTypeDefinition
          NethelpersARPValidate: EnumTypeDefinition
          NethelpersAddressFlag: EnumTypeDefinition
          NethelpersAddressSortAlgorithm: EnumTypeDefinition
          NethelpersAutoHostnameKind: EnumTypeDefinition
          NethelpersBondMode: EnumTypeDefinition
          NethelpersBondXmitHashPolicy: EnumTypeDefinition
          NethelpersClientIdentifier: EnumTypeDefinition
          NethelpersConntrackState: EnumTypeDefinition
          NethelpersDuplex: EnumTypeDefinition
          NethelpersFailOverMAC: EnumTypeDefinition
          NethelpersFamily: EnumTypeDefinition
          NethelpersICMPType: EnumTypeDefinition
          NethelpersLACPRate: EnumTypeDefinition
          NethelpersLinkType: EnumTypeDefinition
          NethelpersMatchOperator: EnumTypeDefinition
          NethelpersNfTablesChainHook: EnumTypeDefinition
          NethelpersNfTablesChainPriority: EnumTypeDefinition
          NethelpersNfTablesVerdict: EnumTypeDefinition
          NethelpersOperationalState: EnumTypeDefinition
          NethelpersPort: EnumTypeDefinition
          NethelpersPrimaryReselect: EnumTypeDefinition
          NethelpersProtocol: EnumTypeDefinition
          NethelpersRouteFlag: EnumTypeDefinition
          NethelpersRouteProtocol: EnumTypeDefinition
          NethelpersRouteType: EnumTypeDefinition
          NethelpersRoutingRuleAction: EnumTypeDefinition
          NethelpersRoutingTable: EnumTypeDefinition
          NethelpersScope: EnumTypeDefinition
          NethelpersVLANProtocol: EnumTypeDefinition
          NethelpersWOLMode: EnumTypeDefinition
          NetworkConfigLayer: EnumTypeDefinition
          NetworkOperator: EnumTypeDefinition
          RuntimeFIPSState: EnumTypeDefinition
          RuntimeMachineStage: EnumTypeDefinition
          RuntimeSELinuxState: EnumTypeDefinition
        }
      }
    }
  }
}


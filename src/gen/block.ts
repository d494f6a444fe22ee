import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CheckedExpr as _google_api_expr_v1alpha1_CheckedExpr, CheckedExpr__Output as _google_api_expr_v1alpha1_CheckedExpr__Output } from './google/api/expr/v1alpha1/CheckedExpr';
import type { Constant as _google_api_expr_v1alpha1_Constant, Constant__Output as _google_api_expr_v1alpha1_Constant__Output } from './google/api/expr/v1alpha1/Constant';
import type { Decl as _google_api_expr_v1alpha1_Decl, Decl__Output as _google_api_expr_v1alpha1_Decl__Output } from './google/api/expr/v1alpha1/Decl';
import type { Expr as _google_api_expr_v1alpha1_Expr, Expr__Output as _google_api_expr_v1alpha1_Expr__Output } from './google/api/expr/v1alpha1/Expr';
import type { ParsedExpr as _google_api_expr_v1alpha1_ParsedExpr, ParsedExpr__Output as _google_api_expr_v1alpha1_ParsedExpr__Output } from './google/api/expr/v1alpha1/ParsedExpr';
import type { Reference as _google_api_expr_v1alpha1_Reference, Reference__Output as _google_api_expr_v1alpha1_Reference__Output } from './google/api/expr/v1alpha1/Reference';
import type { SourceInfo as _google_api_expr_v1alpha1_SourceInfo, SourceInfo__Output as _google_api_expr_v1alpha1_SourceInfo__Output } from './google/api/expr/v1alpha1/SourceInfo';
import type { SourcePosition as _google_api_expr_v1alpha1_SourcePosition, SourcePosition__Output as _google_api_expr_v1alpha1_SourcePosition__Output } from './google/api/expr/v1alpha1/SourcePosition';
import type { Type as _google_api_expr_v1alpha1_Type, Type__Output as _google_api_expr_v1alpha1_Type__Output } from './google/api/expr/v1alpha1/Type';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from './google/protobuf/Empty';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { DeviceSpec as _talos_resource_definitions_block_DeviceSpec, DeviceSpec__Output as _talos_resource_definitions_block_DeviceSpec__Output } from './talos/resource/definitions/block/DeviceSpec';
import type { DiscoveredVolumeSpec as _talos_resource_definitions_block_DiscoveredVolumeSpec, DiscoveredVolumeSpec__Output as _talos_resource_definitions_block_DiscoveredVolumeSpec__Output } from './talos/resource/definitions/block/DiscoveredVolumeSpec';
import type { DiscoveryRefreshRequestSpec as _talos_resource_definitions_block_DiscoveryRefreshRequestSpec, DiscoveryRefreshRequestSpec__Output as _talos_resource_definitions_block_DiscoveryRefreshRequestSpec__Output } from './talos/resource/definitions/block/DiscoveryRefreshRequestSpec';
import type { DiscoveryRefreshStatusSpec as _talos_resource_definitions_block_DiscoveryRefreshStatusSpec, DiscoveryRefreshStatusSpec__Output as _talos_resource_definitions_block_DiscoveryRefreshStatusSpec__Output } from './talos/resource/definitions/block/DiscoveryRefreshStatusSpec';
import type { DiskSelector as _talos_resource_definitions_block_DiskSelector, DiskSelector__Output as _talos_resource_definitions_block_DiskSelector__Output } from './talos/resource/definitions/block/DiskSelector';
import type { DiskSpec as _talos_resource_definitions_block_DiskSpec, DiskSpec__Output as _talos_resource_definitions_block_DiskSpec__Output } from './talos/resource/definitions/block/DiskSpec';
import type { EncryptionKey as _talos_resource_definitions_block_EncryptionKey, EncryptionKey__Output as _talos_resource_definitions_block_EncryptionKey__Output } from './talos/resource/definitions/block/EncryptionKey';
import type { EncryptionSpec as _talos_resource_definitions_block_EncryptionSpec, EncryptionSpec__Output as _talos_resource_definitions_block_EncryptionSpec__Output } from './talos/resource/definitions/block/EncryptionSpec';
import type { FilesystemSpec as _talos_resource_definitions_block_FilesystemSpec, FilesystemSpec__Output as _talos_resource_definitions_block_FilesystemSpec__Output } from './talos/resource/definitions/block/FilesystemSpec';
import type { LocatorSpec as _talos_resource_definitions_block_LocatorSpec, LocatorSpec__Output as _talos_resource_definitions_block_LocatorSpec__Output } from './talos/resource/definitions/block/LocatorSpec';
import type { MountRequestSpec as _talos_resource_definitions_block_MountRequestSpec, MountRequestSpec__Output as _talos_resource_definitions_block_MountRequestSpec__Output } from './talos/resource/definitions/block/MountRequestSpec';
import type { MountSpec as _talos_resource_definitions_block_MountSpec, MountSpec__Output as _talos_resource_definitions_block_MountSpec__Output } from './talos/resource/definitions/block/MountSpec';
import type { MountStatusSpec as _talos_resource_definitions_block_MountStatusSpec, MountStatusSpec__Output as _talos_resource_definitions_block_MountStatusSpec__Output } from './talos/resource/definitions/block/MountStatusSpec';
import type { ParameterSpec as _talos_resource_definitions_block_ParameterSpec, ParameterSpec__Output as _talos_resource_definitions_block_ParameterSpec__Output } from './talos/resource/definitions/block/ParameterSpec';
import type { PartitionSpec as _talos_resource_definitions_block_PartitionSpec, PartitionSpec__Output as _talos_resource_definitions_block_PartitionSpec__Output } from './talos/resource/definitions/block/PartitionSpec';
import type { ProvisioningSpec as _talos_resource_definitions_block_ProvisioningSpec, ProvisioningSpec__Output as _talos_resource_definitions_block_ProvisioningSpec__Output } from './talos/resource/definitions/block/ProvisioningSpec';
import type { SwapStatusSpec as _talos_resource_definitions_block_SwapStatusSpec, SwapStatusSpec__Output as _talos_resource_definitions_block_SwapStatusSpec__Output } from './talos/resource/definitions/block/SwapStatusSpec';
import type { SymlinkProvisioningSpec as _talos_resource_definitions_block_SymlinkProvisioningSpec, SymlinkProvisioningSpec__Output as _talos_resource_definitions_block_SymlinkProvisioningSpec__Output } from './talos/resource/definitions/block/SymlinkProvisioningSpec';
import type { SymlinkSpec as _talos_resource_definitions_block_SymlinkSpec, SymlinkSpec__Output as _talos_resource_definitions_block_SymlinkSpec__Output } from './talos/resource/definitions/block/SymlinkSpec';
import type { SystemDiskSpec as _talos_resource_definitions_block_SystemDiskSpec, SystemDiskSpec__Output as _talos_resource_definitions_block_SystemDiskSpec__Output } from './talos/resource/definitions/block/SystemDiskSpec';
import type { TPMEncryptionOptionsInfo as _talos_resource_definitions_block_TPMEncryptionOptionsInfo, TPMEncryptionOptionsInfo__Output as _talos_resource_definitions_block_TPMEncryptionOptionsInfo__Output } from './talos/resource/definitions/block/TPMEncryptionOptionsInfo';
import type { UserDiskConfigStatusSpec as _talos_resource_definitions_block_UserDiskConfigStatusSpec, UserDiskConfigStatusSpec__Output as _talos_resource_definitions_block_UserDiskConfigStatusSpec__Output } from './talos/resource/definitions/block/UserDiskConfigStatusSpec';
import type { VolumeConfigSpec as _talos_resource_definitions_block_VolumeConfigSpec, VolumeConfigSpec__Output as _talos_resource_definitions_block_VolumeConfigSpec__Output } from './talos/resource/definitions/block/VolumeConfigSpec';
import type { VolumeMountRequestSpec as _talos_resource_definitions_block_VolumeMountRequestSpec, VolumeMountRequestSpec__Output as _talos_resource_definitions_block_VolumeMountRequestSpec__Output } from './talos/resource/definitions/block/VolumeMountRequestSpec';
import type { VolumeMountStatusSpec as _talos_resource_definitions_block_VolumeMountStatusSpec, VolumeMountStatusSpec__Output as _talos_resource_definitions_block_VolumeMountStatusSpec__Output } from './talos/resource/definitions/block/VolumeMountStatusSpec';
import type { VolumeStatusSpec as _talos_resource_definitions_block_VolumeStatusSpec, VolumeStatusSpec__Output as _talos_resource_definitions_block_VolumeStatusSpec__Output } from './talos/resource/definitions/block/VolumeStatusSpec';
import type { ZswapStatusSpec as _talos_resource_definitions_block_ZswapStatusSpec, ZswapStatusSpec__Output as _talos_resource_definitions_block_ZswapStatusSpec__Output } from './talos/resource/definitions/block/ZswapStatusSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    api: {
      expr: {
        v1alpha1: {
          CheckedExpr: MessageTypeDefinition<_google_api_expr_v1alpha1_CheckedExpr, _google_api_expr_v1alpha1_CheckedExpr__Output>
          Constant: MessageTypeDefinition<_google_api_expr_v1alpha1_Constant, _google_api_expr_v1alpha1_Constant__Output>
          Decl: MessageTypeDefinition<_google_api_expr_v1alpha1_Decl, _google_api_expr_v1alpha1_Decl__Output>
          Expr: MessageTypeDefinition<_google_api_expr_v1alpha1_Expr, _google_api_expr_v1alpha1_Expr__Output>
          ParsedExpr: MessageTypeDefinition<_google_api_expr_v1alpha1_ParsedExpr, _google_api_expr_v1alpha1_ParsedExpr__Output>
          Reference: MessageTypeDefinition<_google_api_expr_v1alpha1_Reference, _google_api_expr_v1alpha1_Reference__Output>
          SourceInfo: MessageTypeDefinition<_google_api_expr_v1alpha1_SourceInfo, _google_api_expr_v1alpha1_SourceInfo__Output>
          SourcePosition: MessageTypeDefinition<_google_api_expr_v1alpha1_SourcePosition, _google_api_expr_v1alpha1_SourcePosition__Output>
          Type: MessageTypeDefinition<_google_api_expr_v1alpha1_Type, _google_api_expr_v1alpha1_Type__Output>
        }
      }
    }
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Empty: MessageTypeDefinition<_google_protobuf_Empty, _google_protobuf_Empty__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  talos: {
    resource: {
      definitions: {
        block: {
          DeviceSpec: MessageTypeDefinition<_talos_resource_definitions_block_DeviceSpec, _talos_resource_definitions_block_DeviceSpec__Output>
          DiscoveredVolumeSpec: MessageTypeDefinition<_talos_resource_definitions_block_DiscoveredVolumeSpec, _talos_resource_definitions_block_DiscoveredVolumeSpec__Output>
          DiscoveryRefreshRequestSpec: MessageTypeDefinition<_talos_resource_definitions_block_DiscoveryRefreshRequestSpec, _talos_resource_definitions_block_DiscoveryRefreshRequestSpec__Output>
          DiscoveryRefreshStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_DiscoveryRefreshStatusSpec, _talos_resource_definitions_block_DiscoveryRefreshStatusSpec__Output>
          DiskSelector: MessageTypeDefinition<_talos_resource_definitions_block_DiskSelector, _talos_resource_definitions_block_DiskSelector__Output>
          DiskSpec: MessageTypeDefinition<_talos_resource_definitions_block_DiskSpec, _talos_resource_definitions_block_DiskSpec__Output>
          EncryptionKey: MessageTypeDefinition<_talos_resource_definitions_block_EncryptionKey, _talos_resource_definitions_block_EncryptionKey__Output>
          EncryptionSpec: MessageTypeDefinition<_talos_resource_definitions_block_EncryptionSpec, _talos_resource_definitions_block_EncryptionSpec__Output>
          FilesystemSpec: MessageTypeDefinition<_talos_resource_definitions_block_FilesystemSpec, _talos_resource_definitions_block_FilesystemSpec__Output>
          LocatorSpec: MessageTypeDefinition<_talos_resource_definitions_block_LocatorSpec, _talos_resource_definitions_block_LocatorSpec__Output>
          MountRequestSpec: MessageTypeDefinition<_talos_resource_definitions_block_MountRequestSpec, _talos_resource_definitions_block_MountRequestSpec__Output>
          MountSpec: MessageTypeDefinition<_talos_resource_definitions_block_MountSpec, _talos_resource_definitions_block_MountSpec__Output>
          MountStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_MountStatusSpec, _talos_resource_definitions_block_MountStatusSpec__Output>
          ParameterSpec: MessageTypeDefinition<_talos_resource_definitions_block_ParameterSpec, _talos_resource_definitions_block_ParameterSpec__Output>
          PartitionSpec: MessageTypeDefinition<_talos_resource_definitions_block_PartitionSpec, _talos_resource_definitions_block_PartitionSpec__Output>
          ProvisioningSpec: MessageTypeDefinition<_talos_resource_definitions_block_ProvisioningSpec, _talos_resource_definitions_block_ProvisioningSpec__Output>
          SwapStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_SwapStatusSpec, _talos_resource_definitions_block_SwapStatusSpec__Output>
          SymlinkProvisioningSpec: MessageTypeDefinition<_talos_resource_definitions_block_SymlinkProvisioningSpec, _talos_resource_definitions_block_SymlinkProvisioningSpec__Output>
          SymlinkSpec: MessageTypeDefinition<_talos_resource_definitions_block_SymlinkSpec, _talos_resource_definitions_block_SymlinkSpec__Output>
          SystemDiskSpec: MessageTypeDefinition<_talos_resource_definitions_block_SystemDiskSpec, _talos_resource_definitions_block_SystemDiskSpec__Output>
          TPMEncryptionOptionsInfo: MessageTypeDefinition<_talos_resource_definitions_block_TPMEncryptionOptionsInfo, _talos_resource_definitions_block_TPMEncryptionOptionsInfo__Output>
          UserDiskConfigStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_UserDiskConfigStatusSpec, _talos_resource_definitions_block_UserDiskConfigStatusSpec__Output>
          VolumeConfigSpec: MessageTypeDefinition<_talos_resource_definitions_block_VolumeConfigSpec, _talos_resource_definitions_block_VolumeConfigSpec__Output>
          VolumeMountRequestSpec: MessageTypeDefinition<_talos_resource_definitions_block_VolumeMountRequestSpec, _talos_resource_definitions_block_VolumeMountRequestSpec__Output>
          VolumeMountStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_VolumeMountStatusSpec, _talos_resource_definitions_block_VolumeMountStatusSpec__Output>
          VolumeStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_VolumeStatusSpec, _talos_resource_definitions_block_VolumeStatusSpec__Output>
          ZswapStatusSpec: MessageTypeDefinition<_talos_resource_definitions_block_ZswapStatusSpec, _talos_resource_definitions_block_ZswapStatusSpec__Output>
        }
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


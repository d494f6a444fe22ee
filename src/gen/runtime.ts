import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ContainerdInstance as _common_ContainerdInstance, ContainerdInstance__Output as _common_ContainerdInstance__Output } from './common/ContainerdInstance';
import type { Data as _common_Data, Data__Output as _common_Data__Output } from './common/Data';
import type { DataResponse as _common_DataResponse, DataResponse__Output as _common_DataResponse__Output } from './common/DataResponse';
import type { Empty as _common_Empty, Empty__Output as _common_Empty__Output } from './common/Empty';
import type { EmptyResponse as _common_EmptyResponse, EmptyResponse__Output as _common_EmptyResponse__Output } from './common/EmptyResponse';
import type { Error as _common_Error, Error__Output as _common_Error__Output } from './common/Error';
import type { Metadata as _common_Metadata, Metadata__Output as _common_Metadata__Output } from './common/Metadata';
import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from './common/NetIP';
import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from './common/NetIPPort';
import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from './common/NetIPPrefix';
import type { PEMEncodedCertificate as _common_PEMEncodedCertificate, PEMEncodedCertificate__Output as _common_PEMEncodedCertificate__Output } from './common/PEMEncodedCertificate';
import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from './common/PEMEncodedCertificateAndKey';
import type { PEMEncodedKey as _common_PEMEncodedKey, PEMEncodedKey__Output as _common_PEMEncodedKey__Output } from './common/PEMEncodedKey';
import type { URL as _common_URL, URL__Output as _common_URL__Output } from './common/URL';
import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { DescriptorProto as _google_protobuf_DescriptorProto, DescriptorProto__Output as _google_protobuf_DescriptorProto__Output } from './google/protobuf/DescriptorProto';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { EnumDescriptorProto as _google_protobuf_EnumDescriptorProto, EnumDescriptorProto__Output as _google_protobuf_EnumDescriptorProto__Output } from './google/protobuf/EnumDescriptorProto';
import type { EnumOptions as _google_protobuf_EnumOptions, EnumOptions__Output as _google_protobuf_EnumOptions__Output } from './google/protobuf/EnumOptions';
import type { EnumValueDescriptorProto as _google_protobuf_EnumValueDescriptorProto, EnumValueDescriptorProto__Output as _google_protobuf_EnumValueDescriptorProto__Output } from './google/protobuf/EnumValueDescriptorProto';
import type { EnumValueOptions as _google_protobuf_EnumValueOptions, EnumValueOptions__Output as _google_protobuf_EnumValueOptions__Output } from './google/protobuf/EnumValueOptions';
import type { ExtensionRangeOptions as _google_protobuf_ExtensionRangeOptions, ExtensionRangeOptions__Output as _google_protobuf_ExtensionRangeOptions__Output } from './google/protobuf/ExtensionRangeOptions';
import type { FeatureSet as _google_protobuf_FeatureSet, FeatureSet__Output as _google_protobuf_FeatureSet__Output } from './google/protobuf/FeatureSet';
import type { FeatureSetDefaults as _google_protobuf_FeatureSetDefaults, FeatureSetDefaults__Output as _google_protobuf_FeatureSetDefaults__Output } from './google/protobuf/FeatureSetDefaults';
import type { FieldDescriptorProto as _google_protobuf_FieldDescriptorProto, FieldDescriptorProto__Output as _google_protobuf_FieldDescriptorProto__Output } from './google/protobuf/FieldDescriptorProto';
import type { FieldOptions as _google_protobuf_FieldOptions, FieldOptions__Output as _google_protobuf_FieldOptions__Output } from './google/protobuf/FieldOptions';
import type { FileDescriptorProto as _google_protobuf_FileDescriptorProto, FileDescriptorProto__Output as _google_protobuf_FileDescriptorProto__Output } from './google/protobuf/FileDescriptorProto';
import type { FileDescriptorSet as _google_protobuf_FileDescriptorSet, FileDescriptorSet__Output as _google_protobuf_FileDescriptorSet__Output } from './google/protobuf/FileDescriptorSet';
import type { FileOptions as _google_protobuf_FileOptions, FileOptions__Output as _google_protobuf_FileOptions__Output } from './google/protobuf/FileOptions';
import type { GeneratedCodeInfo as _google_protobuf_GeneratedCodeInfo, GeneratedCodeInfo__Output as _google_protobuf_GeneratedCodeInfo__Output } from './google/protobuf/GeneratedCodeInfo';
import type { MessageOptions as _google_protobuf_MessageOptions, MessageOptions__Output as _google_protobuf_MessageOptions__Output } from './google/protobuf/MessageOptions';
import type { MethodDescriptorProto as _google_protobuf_MethodDescriptorProto, MethodDescriptorProto__Output as _google_protobuf_MethodDescriptorProto__Output } from './google/protobuf/MethodDescriptorProto';
import type { MethodOptions as _google_protobuf_MethodOptions, MethodOptions__Output as _google_protobuf_MethodOptions__Output } from './google/protobuf/MethodOptions';
import type { OneofDescriptorProto as _google_protobuf_OneofDescriptorProto, OneofDescriptorProto__Output as _google_protobuf_OneofDescriptorProto__Output } from './google/protobuf/OneofDescriptorProto';
import type { OneofOptions as _google_protobuf_OneofOptions, OneofOptions__Output as _google_protobuf_OneofOptions__Output } from './google/protobuf/OneofOptions';
import type { ServiceDescriptorProto as _google_protobuf_ServiceDescriptorProto, ServiceDescriptorProto__Output as _google_protobuf_ServiceDescriptorProto__Output } from './google/protobuf/ServiceDescriptorProto';
import type { ServiceOptions as _google_protobuf_ServiceOptions, ServiceOptions__Output as _google_protobuf_ServiceOptions__Output } from './google/protobuf/ServiceOptions';
import type { SourceCodeInfo as _google_protobuf_SourceCodeInfo, SourceCodeInfo__Output as _google_protobuf_SourceCodeInfo__Output } from './google/protobuf/SourceCodeInfo';
import type { UninterpretedOption as _google_protobuf_UninterpretedOption, UninterpretedOption__Output as _google_protobuf_UninterpretedOption__Output } from './google/protobuf/UninterpretedOption';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';
import type { APIServiceConfigSpec as _talos_resource_definitions_runtime_APIServiceConfigSpec, APIServiceConfigSpec__Output as _talos_resource_definitions_runtime_APIServiceConfigSpec__Output } from './talos/resource/definitions/runtime/APIServiceConfigSpec';
import type { BootedEntrySpec as _talos_resource_definitions_runtime_BootedEntrySpec, BootedEntrySpec__Output as _talos_resource_definitions_runtime_BootedEntrySpec__Output } from './talos/resource/definitions/runtime/BootedEntrySpec';
import type { DevicesStatusSpec as _talos_resource_definitions_runtime_DevicesStatusSpec, DevicesStatusSpec__Output as _talos_resource_definitions_runtime_DevicesStatusSpec__Output } from './talos/resource/definitions/runtime/DevicesStatusSpec';
import type { DiagnosticSpec as _talos_resource_definitions_runtime_DiagnosticSpec, DiagnosticSpec__Output as _talos_resource_definitions_runtime_DiagnosticSpec__Output } from './talos/resource/definitions/runtime/DiagnosticSpec';
import type { EnvironmentSpec as _talos_resource_definitions_runtime_EnvironmentSpec, EnvironmentSpec__Output as _talos_resource_definitions_runtime_EnvironmentSpec__Output } from './talos/resource/definitions/runtime/EnvironmentSpec';
import type { EventSinkConfigSpec as _talos_resource_definitions_runtime_EventSinkConfigSpec, EventSinkConfigSpec__Output as _talos_resource_definitions_runtime_EventSinkConfigSpec__Output } from './talos/resource/definitions/runtime/EventSinkConfigSpec';
import type { ExtensionServiceConfigFile as _talos_resource_definitions_runtime_ExtensionServiceConfigFile, ExtensionServiceConfigFile__Output as _talos_resource_definitions_runtime_ExtensionServiceConfigFile__Output } from './talos/resource/definitions/runtime/ExtensionServiceConfigFile';
import type { ExtensionServiceConfigSpec as _talos_resource_definitions_runtime_ExtensionServiceConfigSpec, ExtensionServiceConfigSpec__Output as _talos_resource_definitions_runtime_ExtensionServiceConfigSpec__Output } from './talos/resource/definitions/runtime/ExtensionServiceConfigSpec';
import type { ExtensionServiceConfigStatusSpec as _talos_resource_definitions_runtime_ExtensionServiceConfigStatusSpec, ExtensionServiceConfigStatusSpec__Output as _talos_resource_definitions_runtime_ExtensionServiceConfigStatusSpec__Output } from './talos/resource/definitions/runtime/ExtensionServiceConfigStatusSpec';
import type { KernelCmdlineSpec as _talos_resource_definitions_runtime_KernelCmdlineSpec, KernelCmdlineSpec__Output as _talos_resource_definitions_runtime_KernelCmdlineSpec__Output } from './talos/resource/definitions/runtime/KernelCmdlineSpec';
import type { KernelModuleSpecSpec as _talos_resource_definitions_runtime_KernelModuleSpecSpec, KernelModuleSpecSpec__Output as _talos_resource_definitions_runtime_KernelModuleSpecSpec__Output } from './talos/resource/definitions/runtime/KernelModuleSpecSpec';
import type { KernelParamSpecSpec as _talos_resource_definitions_runtime_KernelParamSpecSpec, KernelParamSpecSpec__Output as _talos_resource_definitions_runtime_KernelParamSpecSpec__Output } from './talos/resource/definitions/runtime/KernelParamSpecSpec';
import type { KernelParamStatusSpec as _talos_resource_definitions_runtime_KernelParamStatusSpec, KernelParamStatusSpec__Output as _talos_resource_definitions_runtime_KernelParamStatusSpec__Output } from './talos/resource/definitions/runtime/KernelParamStatusSpec';
import type { KmsgLogConfigSpec as _talos_resource_definitions_runtime_KmsgLogConfigSpec, KmsgLogConfigSpec__Output as _talos_resource_definitions_runtime_KmsgLogConfigSpec__Output } from './talos/resource/definitions/runtime/KmsgLogConfigSpec';
import type { LoadedKernelModuleSpec as _talos_resource_definitions_runtime_LoadedKernelModuleSpec, LoadedKernelModuleSpec__Output as _talos_resource_definitions_runtime_LoadedKernelModuleSpec__Output } from './talos/resource/definitions/runtime/LoadedKernelModuleSpec';
import type { MachineStatusSpec as _talos_resource_definitions_runtime_MachineStatusSpec, MachineStatusSpec__Output as _talos_resource_definitions_runtime_MachineStatusSpec__Output } from './talos/resource/definitions/runtime/MachineStatusSpec';
import type { MachineStatusStatus as _talos_resource_definitions_runtime_MachineStatusStatus, MachineStatusStatus__Output as _talos_resource_definitions_runtime_MachineStatusStatus__Output } from './talos/resource/definitions/runtime/MachineStatusStatus';
import type { MaintenanceServiceConfigSpec as _talos_resource_definitions_runtime_MaintenanceServiceConfigSpec, MaintenanceServiceConfigSpec__Output as _talos_resource_definitions_runtime_MaintenanceServiceConfigSpec__Output } from './talos/resource/definitions/runtime/MaintenanceServiceConfigSpec';
import type { MetaKeySpec as _talos_resource_definitions_runtime_MetaKeySpec, MetaKeySpec__Output as _talos_resource_definitions_runtime_MetaKeySpec__Output } from './talos/resource/definitions/runtime/MetaKeySpec';
import type { MetaLoadedSpec as _talos_resource_definitions_runtime_MetaLoadedSpec, MetaLoadedSpec__Output as _talos_resource_definitions_runtime_MetaLoadedSpec__Output } from './talos/resource/definitions/runtime/MetaLoadedSpec';
import type { MountStatusSpec as _talos_resource_definitions_runtime_MountStatusSpec, MountStatusSpec__Output as _talos_resource_definitions_runtime_MountStatusSpec__Output } from './talos/resource/definitions/runtime/MountStatusSpec';
import type { OOMActionSpec as _talos_resource_definitions_runtime_OOMActionSpec, OOMActionSpec__Output as _talos_resource_definitions_runtime_OOMActionSpec__Output } from './talos/resource/definitions/runtime/OOMActionSpec';
import type { PlatformMetadataSpec as _talos_resource_definitions_runtime_PlatformMetadataSpec, PlatformMetadataSpec__Output as _talos_resource_definitions_runtime_PlatformMetadataSpec__Output } from './talos/resource/definitions/runtime/PlatformMetadataSpec';
import type { SBOMItemSpec as _talos_resource_definitions_runtime_SBOMItemSpec, SBOMItemSpec__Output as _talos_resource_definitions_runtime_SBOMItemSpec__Output } from './talos/resource/definitions/runtime/SBOMItemSpec';
import type { SecurityStateSpec as _talos_resource_definitions_runtime_SecurityStateSpec, SecurityStateSpec__Output as _talos_resource_definitions_runtime_SecurityStateSpec__Output } from './talos/resource/definitions/runtime/SecurityStateSpec';
import type { ServicePIDSpec as _talos_resource_definitions_runtime_ServicePIDSpec, ServicePIDSpec__Output as _talos_resource_definitions_runtime_ServicePIDSpec__Output } from './talos/resource/definitions/runtime/ServicePIDSpec';
import type { UniqueMachineTokenSpec as _talos_resource_definitions_runtime_UniqueMachineTokenSpec, UniqueMachineTokenSpec__Output as _talos_resource_definitions_runtime_UniqueMachineTokenSpec__Output } from './talos/resource/definitions/runtime/UniqueMachineTokenSpec';
import type { UnmetCondition as _talos_resource_definitions_runtime_UnmetCondition, UnmetCondition__Output as _talos_resource_definitions_runtime_UnmetCondition__Output } from './talos/resource/definitions/runtime/UnmetCondition';
import type { VersionSpec as _talos_resource_definitions_runtime_VersionSpec, VersionSpec__Output as _talos_resource_definitions_runtime_VersionSpec__Output } from './talos/resource/definitions/runtime/VersionSpec';
import type { WatchdogTimerConfigSpec as _talos_resource_definitions_runtime_WatchdogTimerConfigSpec, WatchdogTimerConfigSpec__Output as _talos_resource_definitions_runtime_WatchdogTimerConfigSpec__Output } from './talos/resource/definitions/runtime/WatchdogTimerConfigSpec';
import type { WatchdogTimerStatusSpec as _talos_resource_definitions_runtime_WatchdogTimerStatusSpec, WatchdogTimerStatusSpec__Output as _talos_resource_definitions_runtime_WatchdogTimerStatusSpec__Output } from './talos/resource/definitions/runtime/WatchdogTimerStatusSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  common: {
    Code: EnumTypeDefinition
    ContainerDriver: EnumTypeDefinition
    ContainerdInstance: MessageTypeDefinition<_common_ContainerdInstance, _common_ContainerdInstance__Output>
    ContainerdNamespace: EnumTypeDefinition
    Data: MessageTypeDefinition<_common_Data, _common_Data__Output>
    DataResponse: MessageTypeDefinition<_common_DataResponse, _common_DataResponse__Output>
    Empty: MessageTypeDefinition<_common_Empty, _common_Empty__Output>
    EmptyResponse: MessageTypeDefinition<_common_EmptyResponse, _common_EmptyResponse__Output>
    Error: MessageTypeDefinition<_common_Error, _common_Error__Output>
    Metadata: MessageTypeDefinition<_common_Metadata, _common_Metadata__Output>
    NetIP: MessageTypeDefinition<_common_NetIP, _common_NetIP__Output>
    NetIPPort: MessageTypeDefinition<_common_NetIPPort, _common_NetIPPort__Output>
    NetIPPrefix: MessageTypeDefinition<_common_NetIPPrefix, _common_NetIPPrefix__Output>
    PEMEncodedCertificate: MessageTypeDefinition<_common_PEMEncodedCertificate, _common_PEMEncodedCertificate__Output>
    PEMEncodedCertificateAndKey: MessageTypeDefinition<_common_PEMEncodedCertificateAndKey, _common_PEMEncodedCertificateAndKey__Output>
    PEMEncodedKey: MessageTypeDefinition<_common_PEMEncodedKey, _common_PEMEncodedKey__Output>
    URL: MessageTypeDefinition<_common_URL, _common_URL__Output>
  }
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      DescriptorProto: MessageTypeDefinition<_google_protobuf_DescriptorProto, _google_protobuf_DescriptorProto__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Edition: EnumTypeDefinition
      EnumDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumDescriptorProto, _google_protobuf_EnumDescriptorProto__Output>
      EnumOptions: MessageTypeDefinition<_google_protobuf_EnumOptions, _google_protobuf_EnumOptions__Output>
      EnumValueDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumValueDescriptorProto, _google_protobuf_EnumValueDescriptorProto__Output>
      EnumValueOptions: MessageTypeDefinition<_google_protobuf_EnumValueOptions, _google_protobuf_EnumValueOptions__Output>
      ExtensionRangeOptions: MessageTypeDefinition<_google_protobuf_ExtensionRangeOptions, _google_protobuf_ExtensionRangeOptions__Output>
      FeatureSet: MessageTypeDefinition<_google_protobuf_FeatureSet, _google_protobuf_FeatureSet__Output>
      FeatureSetDefaults: MessageTypeDefinition<_google_protobuf_FeatureSetDefaults, _google_protobuf_FeatureSetDefaults__Output>
      FieldDescriptorProto: MessageTypeDefinition<_google_protobuf_FieldDescriptorProto, _google_protobuf_FieldDescriptorProto__Output>
      FieldOptions: MessageTypeDefinition<_google_protobuf_FieldOptions, _google_protobuf_FieldOptions__Output>
      FileDescriptorProto: MessageTypeDefinition<_google_protobuf_FileDescriptorProto, _google_protobuf_FileDescriptorProto__Output>
      FileDescriptorSet: MessageTypeDefinition<_google_protobuf_FileDescriptorSet, _google_protobuf_FileDescriptorSet__Output>
      FileOptions: MessageTypeDefinition<_google_protobuf_FileOptions, _google_protobuf_FileOptions__Output>
      GeneratedCodeInfo: MessageTypeDefinition<_google_protobuf_GeneratedCodeInfo, _google_protobuf_GeneratedCodeInfo__Output>
      MessageOptions: MessageTypeDefinition<_google_protobuf_MessageOptions, _google_protobuf_MessageOptions__Output>
      MethodDescriptorProto: MessageTypeDefinition<_google_protobuf_MethodDescriptorProto, _google_protobuf_MethodDescriptorProto__Output>
      MethodOptions: MessageTypeDefinition<_google_protobuf_MethodOptions, _google_protobuf_MethodOptions__Output>
      OneofDescriptorProto: MessageTypeDefinition<_google_protobuf_OneofDescriptorProto, _google_protobuf_OneofDescriptorProto__Output>
      OneofOptions: MessageTypeDefinition<_google_protobuf_OneofOptions, _google_protobuf_OneofOptions__Output>
      ServiceDescriptorProto: MessageTypeDefinition<_google_protobuf_ServiceDescriptorProto, _google_protobuf_ServiceDescriptorProto__Output>
      ServiceOptions: MessageTypeDefinition<_google_protobuf_ServiceOptions, _google_protobuf_ServiceOptions__Output>
      SourceCodeInfo: MessageTypeDefinition<_google_protobuf_SourceCodeInfo, _google_protobuf_SourceCodeInfo__Output>
      SymbolVisibility: EnumTypeDefinition
      UninterpretedOption: MessageTypeDefinition<_google_protobuf_UninterpretedOption, _google_protobuf_UninterpretedOption__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
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
        runtime: {
          APIServiceConfigSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_APIServiceConfigSpec, _talos_resource_definitions_runtime_APIServiceConfigSpec__Output>
          BootedEntrySpec: MessageTypeDefinition<_talos_resource_definitions_runtime_BootedEntrySpec, _talos_resource_definitions_runtime_BootedEntrySpec__Output>
          DevicesStatusSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_DevicesStatusSpec, _talos_resource_definitions_runtime_DevicesStatusSpec__Output>
          DiagnosticSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_DiagnosticSpec, _talos_resource_definitions_runtime_DiagnosticSpec__Output>
          EnvironmentSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_EnvironmentSpec, _talos_resource_definitions_runtime_EnvironmentSpec__Output>
          EventSinkConfigSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_EventSinkConfigSpec, _talos_resource_definitions_runtime_EventSinkConfigSpec__Output>
          ExtensionServiceConfigFile: MessageTypeDefinition<_talos_resource_definitions_runtime_ExtensionServiceConfigFile, _talos_resource_definitions_runtime_ExtensionServiceConfigFile__Output>
          ExtensionServiceConfigSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_ExtensionServiceConfigSpec, _talos_resource_definitions_runtime_ExtensionServiceConfigSpec__Output>
          ExtensionServiceConfigStatusSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_ExtensionServiceConfigStatusSpec, _talos_resource_definitions_runtime_ExtensionServiceConfigStatusSpec__Output>
          KernelCmdlineSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_KernelCmdlineSpec, _talos_resource_definitions_runtime_KernelCmdlineSpec__Output>
          KernelModuleSpecSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_KernelModuleSpecSpec, _talos_resource_definitions_runtime_KernelModuleSpecSpec__Output>
          KernelParamSpecSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_KernelParamSpecSpec, _talos_resource_definitions_runtime_KernelParamSpecSpec__Output>
          KernelParamStatusSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_KernelParamStatusSpec, _talos_resource_definitions_runtime_KernelParamStatusSpec__Output>
          KmsgLogConfigSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_KmsgLogConfigSpec, _talos_resource_definitions_runtime_KmsgLogConfigSpec__Output>
          LoadedKernelModuleSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_LoadedKernelModuleSpec, _talos_resource_definitions_runtime_LoadedKernelModuleSpec__Output>
          MachineStatusSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_MachineStatusSpec, _talos_resource_definitions_runtime_MachineStatusSpec__Output>
          MachineStatusStatus: MessageTypeDefinition<_talos_resource_definitions_runtime_MachineStatusStatus, _talos_resource_definitions_runtime_MachineStatusStatus__Output>
          MaintenanceServiceConfigSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_MaintenanceServiceConfigSpec, _talos_resource_definitions_runtime_MaintenanceServiceConfigSpec__Output>
          MetaKeySpec: MessageTypeDefinition<_talos_resource_definitions_runtime_MetaKeySpec, _talos_resource_definitions_runtime_MetaKeySpec__Output>
          MetaLoadedSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_MetaLoadedSpec, _talos_resource_definitions_runtime_MetaLoadedSpec__Output>
          MountStatusSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_MountStatusSpec, _talos_resource_definitions_runtime_MountStatusSpec__Output>
          OOMActionSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_OOMActionSpec, _talos_resource_definitions_runtime_OOMActionSpec__Output>
          PlatformMetadataSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_PlatformMetadataSpec, _talos_resource_definitions_runtime_PlatformMetadataSpec__Output>
          SBOMItemSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_SBOMItemSpec, _talos_resource_definitions_runtime_SBOMItemSpec__Output>
          SecurityStateSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_SecurityStateSpec, _talos_resource_definitions_runtime_SecurityStateSpec__Output>
          ServicePIDSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_ServicePIDSpec, _talos_resource_definitions_runtime_ServicePIDSpec__Output>
          UniqueMachineTokenSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_UniqueMachineTokenSpec, _talos_resource_definitions_runtime_UniqueMachineTokenSpec__Output>
          UnmetCondition: MessageTypeDefinition<_talos_resource_definitions_runtime_UnmetCondition, _talos_resource_definitions_runtime_UnmetCondition__Output>
          VersionSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_VersionSpec, _talos_resource_definitions_runtime_VersionSpec__Output>
          WatchdogTimerConfigSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_WatchdogTimerConfigSpec, _talos_resource_definitions_runtime_WatchdogTimerConfigSpec__Output>
          WatchdogTimerStatusSpec: MessageTypeDefinition<_talos_resource_definitions_runtime_WatchdogTimerStatusSpec, _talos_resource_definitions_runtime_WatchdogTimerStatusSpec__Output>
        }
      }
    }
  }
}


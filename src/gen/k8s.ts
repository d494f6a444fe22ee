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
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { MessageOptions as _google_protobuf_MessageOptions, MessageOptions__Output as _google_protobuf_MessageOptions__Output } from './google/protobuf/MessageOptions';
import type { MethodDescriptorProto as _google_protobuf_MethodDescriptorProto, MethodDescriptorProto__Output as _google_protobuf_MethodDescriptorProto__Output } from './google/protobuf/MethodDescriptorProto';
import type { MethodOptions as _google_protobuf_MethodOptions, MethodOptions__Output as _google_protobuf_MethodOptions__Output } from './google/protobuf/MethodOptions';
import type { OneofDescriptorProto as _google_protobuf_OneofDescriptorProto, OneofDescriptorProto__Output as _google_protobuf_OneofDescriptorProto__Output } from './google/protobuf/OneofDescriptorProto';
import type { OneofOptions as _google_protobuf_OneofOptions, OneofOptions__Output as _google_protobuf_OneofOptions__Output } from './google/protobuf/OneofOptions';
import type { ServiceDescriptorProto as _google_protobuf_ServiceDescriptorProto, ServiceDescriptorProto__Output as _google_protobuf_ServiceDescriptorProto__Output } from './google/protobuf/ServiceDescriptorProto';
import type { ServiceOptions as _google_protobuf_ServiceOptions, ServiceOptions__Output as _google_protobuf_ServiceOptions__Output } from './google/protobuf/ServiceOptions';
import type { SourceCodeInfo as _google_protobuf_SourceCodeInfo, SourceCodeInfo__Output as _google_protobuf_SourceCodeInfo__Output } from './google/protobuf/SourceCodeInfo';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { UninterpretedOption as _google_protobuf_UninterpretedOption, UninterpretedOption__Output as _google_protobuf_UninterpretedOption__Output } from './google/protobuf/UninterpretedOption';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';
import type { APIServerConfigSpec as _talos_resource_definitions_k8s_APIServerConfigSpec, APIServerConfigSpec__Output as _talos_resource_definitions_k8s_APIServerConfigSpec__Output } from './talos/resource/definitions/k8s/APIServerConfigSpec';
import type { AdmissionControlConfigSpec as _talos_resource_definitions_k8s_AdmissionControlConfigSpec, AdmissionControlConfigSpec__Output as _talos_resource_definitions_k8s_AdmissionControlConfigSpec__Output } from './talos/resource/definitions/k8s/AdmissionControlConfigSpec';
import type { AdmissionPluginSpec as _talos_resource_definitions_k8s_AdmissionPluginSpec, AdmissionPluginSpec__Output as _talos_resource_definitions_k8s_AdmissionPluginSpec__Output } from './talos/resource/definitions/k8s/AdmissionPluginSpec';
import type { ArgValues as _talos_resource_definitions_k8s_ArgValues, ArgValues__Output as _talos_resource_definitions_k8s_ArgValues__Output } from './talos/resource/definitions/k8s/ArgValues';
import type { AuditPolicyConfigSpec as _talos_resource_definitions_k8s_AuditPolicyConfigSpec, AuditPolicyConfigSpec__Output as _talos_resource_definitions_k8s_AuditPolicyConfigSpec__Output } from './talos/resource/definitions/k8s/AuditPolicyConfigSpec';
import type { AuthorizationAuthorizersSpec as _talos_resource_definitions_k8s_AuthorizationAuthorizersSpec, AuthorizationAuthorizersSpec__Output as _talos_resource_definitions_k8s_AuthorizationAuthorizersSpec__Output } from './talos/resource/definitions/k8s/AuthorizationAuthorizersSpec';
import type { AuthorizationConfigSpec as _talos_resource_definitions_k8s_AuthorizationConfigSpec, AuthorizationConfigSpec__Output as _talos_resource_definitions_k8s_AuthorizationConfigSpec__Output } from './talos/resource/definitions/k8s/AuthorizationConfigSpec';
import type { BootstrapManifestsConfigSpec as _talos_resource_definitions_k8s_BootstrapManifestsConfigSpec, BootstrapManifestsConfigSpec__Output as _talos_resource_definitions_k8s_BootstrapManifestsConfigSpec__Output } from './talos/resource/definitions/k8s/BootstrapManifestsConfigSpec';
import type { ConfigStatusSpec as _talos_resource_definitions_k8s_ConfigStatusSpec, ConfigStatusSpec__Output as _talos_resource_definitions_k8s_ConfigStatusSpec__Output } from './talos/resource/definitions/k8s/ConfigStatusSpec';
import type { ControllerManagerConfigSpec as _talos_resource_definitions_k8s_ControllerManagerConfigSpec, ControllerManagerConfigSpec__Output as _talos_resource_definitions_k8s_ControllerManagerConfigSpec__Output } from './talos/resource/definitions/k8s/ControllerManagerConfigSpec';
import type { EndpointSpec as _talos_resource_definitions_k8s_EndpointSpec, EndpointSpec__Output as _talos_resource_definitions_k8s_EndpointSpec__Output } from './talos/resource/definitions/k8s/EndpointSpec';
import type { ExtraManifest as _talos_resource_definitions_k8s_ExtraManifest, ExtraManifest__Output as _talos_resource_definitions_k8s_ExtraManifest__Output } from './talos/resource/definitions/k8s/ExtraManifest';
import type { ExtraManifestsConfigSpec as _talos_resource_definitions_k8s_ExtraManifestsConfigSpec, ExtraManifestsConfigSpec__Output as _talos_resource_definitions_k8s_ExtraManifestsConfigSpec__Output } from './talos/resource/definitions/k8s/ExtraManifestsConfigSpec';
import type { ExtraVolume as _talos_resource_definitions_k8s_ExtraVolume, ExtraVolume__Output as _talos_resource_definitions_k8s_ExtraVolume__Output } from './talos/resource/definitions/k8s/ExtraVolume';
import type { KubePrismConfigSpec as _talos_resource_definitions_k8s_KubePrismConfigSpec, KubePrismConfigSpec__Output as _talos_resource_definitions_k8s_KubePrismConfigSpec__Output } from './talos/resource/definitions/k8s/KubePrismConfigSpec';
import type { KubePrismEndpoint as _talos_resource_definitions_k8s_KubePrismEndpoint, KubePrismEndpoint__Output as _talos_resource_definitions_k8s_KubePrismEndpoint__Output } from './talos/resource/definitions/k8s/KubePrismEndpoint';
import type { KubePrismEndpointsSpec as _talos_resource_definitions_k8s_KubePrismEndpointsSpec, KubePrismEndpointsSpec__Output as _talos_resource_definitions_k8s_KubePrismEndpointsSpec__Output } from './talos/resource/definitions/k8s/KubePrismEndpointsSpec';
import type { KubePrismStatusesSpec as _talos_resource_definitions_k8s_KubePrismStatusesSpec, KubePrismStatusesSpec__Output as _talos_resource_definitions_k8s_KubePrismStatusesSpec__Output } from './talos/resource/definitions/k8s/KubePrismStatusesSpec';
import type { KubeletConfigSpec as _talos_resource_definitions_k8s_KubeletConfigSpec, KubeletConfigSpec__Output as _talos_resource_definitions_k8s_KubeletConfigSpec__Output } from './talos/resource/definitions/k8s/KubeletConfigSpec';
import type { KubeletKubeconfigSpec as _talos_resource_definitions_k8s_KubeletKubeconfigSpec, KubeletKubeconfigSpec__Output as _talos_resource_definitions_k8s_KubeletKubeconfigSpec__Output } from './talos/resource/definitions/k8s/KubeletKubeconfigSpec';
import type { KubeletSpecSpec as _talos_resource_definitions_k8s_KubeletSpecSpec, KubeletSpecSpec__Output as _talos_resource_definitions_k8s_KubeletSpecSpec__Output } from './talos/resource/definitions/k8s/KubeletSpecSpec';
import type { ManifestSpec as _talos_resource_definitions_k8s_ManifestSpec, ManifestSpec__Output as _talos_resource_definitions_k8s_ManifestSpec__Output } from './talos/resource/definitions/k8s/ManifestSpec';
import type { ManifestStatusSpec as _talos_resource_definitions_k8s_ManifestStatusSpec, ManifestStatusSpec__Output as _talos_resource_definitions_k8s_ManifestStatusSpec__Output } from './talos/resource/definitions/k8s/ManifestStatusSpec';
import type { NodeAnnotationSpecSpec as _talos_resource_definitions_k8s_NodeAnnotationSpecSpec, NodeAnnotationSpecSpec__Output as _talos_resource_definitions_k8s_NodeAnnotationSpecSpec__Output } from './talos/resource/definitions/k8s/NodeAnnotationSpecSpec';
import type { NodeIPConfigSpec as _talos_resource_definitions_k8s_NodeIPConfigSpec, NodeIPConfigSpec__Output as _talos_resource_definitions_k8s_NodeIPConfigSpec__Output } from './talos/resource/definitions/k8s/NodeIPConfigSpec';
import type { NodeIPSpec as _talos_resource_definitions_k8s_NodeIPSpec, NodeIPSpec__Output as _talos_resource_definitions_k8s_NodeIPSpec__Output } from './talos/resource/definitions/k8s/NodeIPSpec';
import type { NodeLabelSpecSpec as _talos_resource_definitions_k8s_NodeLabelSpecSpec, NodeLabelSpecSpec__Output as _talos_resource_definitions_k8s_NodeLabelSpecSpec__Output } from './talos/resource/definitions/k8s/NodeLabelSpecSpec';
import type { NodeStatusSpec as _talos_resource_definitions_k8s_NodeStatusSpec, NodeStatusSpec__Output as _talos_resource_definitions_k8s_NodeStatusSpec__Output } from './talos/resource/definitions/k8s/NodeStatusSpec';
import type { NodeTaintSpecSpec as _talos_resource_definitions_k8s_NodeTaintSpecSpec, NodeTaintSpecSpec__Output as _talos_resource_definitions_k8s_NodeTaintSpecSpec__Output } from './talos/resource/definitions/k8s/NodeTaintSpecSpec';
import type { NodenameSpec as _talos_resource_definitions_k8s_NodenameSpec, NodenameSpec__Output as _talos_resource_definitions_k8s_NodenameSpec__Output } from './talos/resource/definitions/k8s/NodenameSpec';
import type { Resources as _talos_resource_definitions_k8s_Resources, Resources__Output as _talos_resource_definitions_k8s_Resources__Output } from './talos/resource/definitions/k8s/Resources';
import type { SchedulerConfigSpec as _talos_resource_definitions_k8s_SchedulerConfigSpec, SchedulerConfigSpec__Output as _talos_resource_definitions_k8s_SchedulerConfigSpec__Output } from './talos/resource/definitions/k8s/SchedulerConfigSpec';
import type { SecretsStatusSpec as _talos_resource_definitions_k8s_SecretsStatusSpec, SecretsStatusSpec__Output as _talos_resource_definitions_k8s_SecretsStatusSpec__Output } from './talos/resource/definitions/k8s/SecretsStatusSpec';
import type { SingleManifest as _talos_resource_definitions_k8s_SingleManifest, SingleManifest__Output as _talos_resource_definitions_k8s_SingleManifest__Output } from './talos/resource/definitions/k8s/SingleManifest';
import type { StaticPodServerStatusSpec as _talos_resource_definitions_k8s_StaticPodServerStatusSpec, StaticPodServerStatusSpec__Output as _talos_resource_definitions_k8s_StaticPodServerStatusSpec__Output } from './talos/resource/definitions/k8s/StaticPodServerStatusSpec';
import type { StaticPodSpec as _talos_resource_definitions_k8s_StaticPodSpec, StaticPodSpec__Output as _talos_resource_definitions_k8s_StaticPodSpec__Output } from './talos/resource/definitions/k8s/StaticPodSpec';
import type { StaticPodStatusSpec as _talos_resource_definitions_k8s_StaticPodStatusSpec, StaticPodStatusSpec__Output as _talos_resource_definitions_k8s_StaticPodStatusSpec__Output } from './talos/resource/definitions/k8s/StaticPodStatusSpec';
import type { LinuxIDMapping as _talos_resource_definitions_proto_LinuxIDMapping, LinuxIDMapping__Output as _talos_resource_definitions_proto_LinuxIDMapping__Output } from './talos/resource/definitions/proto/LinuxIDMapping';
import type { Mount as _talos_resource_definitions_proto_Mount, Mount__Output as _talos_resource_definitions_proto_Mount__Output } from './talos/resource/definitions/proto/Mount';

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
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      MessageOptions: MessageTypeDefinition<_google_protobuf_MessageOptions, _google_protobuf_MessageOptions__Output>
      MethodDescriptorProto: MessageTypeDefinition<_google_protobuf_MethodDescriptorProto, _google_protobuf_MethodDescriptorProto__Output>
      MethodOptions: MessageTypeDefinition<_google_protobuf_MethodOptions, _google_protobuf_MethodOptions__Output>
      NullValue: EnumTypeDefinition
      OneofDescriptorProto: MessageTypeDefinition<_google_protobuf_OneofDescriptorProto, _google_protobuf_OneofDescriptorProto__Output>
      OneofOptions: MessageTypeDefinition<_google_protobuf_OneofOptions, _google_protobuf_OneofOptions__Output>
      ServiceDescriptorProto: MessageTypeDefinition<_google_protobuf_ServiceDescriptorProto, _google_protobuf_ServiceDescriptorProto__Output>
      ServiceOptions: MessageTypeDefinition<_google_protobuf_ServiceOptions, _google_protobuf_ServiceOptions__Output>
      SourceCodeInfo: MessageTypeDefinition<_google_protobuf_SourceCodeInfo, _google_protobuf_SourceCodeInfo__Output>
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      SymbolVisibility: EnumTypeDefinition
      UninterpretedOption: MessageTypeDefinition<_google_protobuf_UninterpretedOption, _google_protobuf_UninterpretedOption__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
  talos: {
    resource: {
      definitions: {
        k8s: {
          APIServerConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_APIServerConfigSpec, _talos_resource_definitions_k8s_APIServerConfigSpec__Output>
          AdmissionControlConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_AdmissionControlConfigSpec, _talos_resource_definitions_k8s_AdmissionControlConfigSpec__Output>
          AdmissionPluginSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_AdmissionPluginSpec, _talos_resource_definitions_k8s_AdmissionPluginSpec__Output>
          ArgValues: MessageTypeDefinition<_talos_resource_definitions_k8s_ArgValues, _talos_resource_definitions_k8s_ArgValues__Output>
          AuditPolicyConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_AuditPolicyConfigSpec, _talos_resource_definitions_k8s_AuditPolicyConfigSpec__Output>
          AuthorizationAuthorizersSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_AuthorizationAuthorizersSpec, _talos_resource_definitions_k8s_AuthorizationAuthorizersSpec__Output>
          AuthorizationConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_AuthorizationConfigSpec, _talos_resource_definitions_k8s_AuthorizationConfigSpec__Output>
          BootstrapManifestsConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_BootstrapManifestsConfigSpec, _talos_resource_definitions_k8s_BootstrapManifestsConfigSpec__Output>
          ConfigStatusSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_ConfigStatusSpec, _talos_resource_definitions_k8s_ConfigStatusSpec__Output>
          ControllerManagerConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_ControllerManagerConfigSpec, _talos_resource_definitions_k8s_ControllerManagerConfigSpec__Output>
          EndpointSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_EndpointSpec, _talos_resource_definitions_k8s_EndpointSpec__Output>
          ExtraManifest: MessageTypeDefinition<_talos_resource_definitions_k8s_ExtraManifest, _talos_resource_definitions_k8s_ExtraManifest__Output>
          ExtraManifestsConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_ExtraManifestsConfigSpec, _talos_resource_definitions_k8s_ExtraManifestsConfigSpec__Output>
          ExtraVolume: MessageTypeDefinition<_talos_resource_definitions_k8s_ExtraVolume, _talos_resource_definitions_k8s_ExtraVolume__Output>
          KubePrismConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_KubePrismConfigSpec, _talos_resource_definitions_k8s_KubePrismConfigSpec__Output>
          KubePrismEndpoint: MessageTypeDefinition<_talos_resource_definitions_k8s_KubePrismEndpoint, _talos_resource_definitions_k8s_KubePrismEndpoint__Output>
          KubePrismEndpointsSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_KubePrismEndpointsSpec, _talos_resource_definitions_k8s_KubePrismEndpointsSpec__Output>
          KubePrismStatusesSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_KubePrismStatusesSpec, _talos_resource_definitions_k8s_KubePrismStatusesSpec__Output>
          KubeletConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_KubeletConfigSpec, _talos_resource_definitions_k8s_KubeletConfigSpec__Output>
          KubeletKubeconfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_KubeletKubeconfigSpec, _talos_resource_definitions_k8s_KubeletKubeconfigSpec__Output>
          KubeletSpecSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_KubeletSpecSpec, _talos_resource_definitions_k8s_KubeletSpecSpec__Output>
          ManifestSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_ManifestSpec, _talos_resource_definitions_k8s_ManifestSpec__Output>
          ManifestStatusSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_ManifestStatusSpec, _talos_resource_definitions_k8s_ManifestStatusSpec__Output>
          NodeAnnotationSpecSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodeAnnotationSpecSpec, _talos_resource_definitions_k8s_NodeAnnotationSpecSpec__Output>
          NodeIPConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodeIPConfigSpec, _talos_resource_definitions_k8s_NodeIPConfigSpec__Output>
          NodeIPSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodeIPSpec, _talos_resource_definitions_k8s_NodeIPSpec__Output>
          NodeLabelSpecSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodeLabelSpecSpec, _talos_resource_definitions_k8s_NodeLabelSpecSpec__Output>
          NodeStatusSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodeStatusSpec, _talos_resource_definitions_k8s_NodeStatusSpec__Output>
          NodeTaintSpecSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodeTaintSpecSpec, _talos_resource_definitions_k8s_NodeTaintSpecSpec__Output>
          NodenameSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_NodenameSpec, _talos_resource_definitions_k8s_NodenameSpec__Output>
          Resources: MessageTypeDefinition<_talos_resource_definitions_k8s_Resources, _talos_resource_definitions_k8s_Resources__Output>
          SchedulerConfigSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_SchedulerConfigSpec, _talos_resource_definitions_k8s_SchedulerConfigSpec__Output>
          SecretsStatusSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_SecretsStatusSpec, _talos_resource_definitions_k8s_SecretsStatusSpec__Output>
          SingleManifest: MessageTypeDefinition<_talos_resource_definitions_k8s_SingleManifest, _talos_resource_definitions_k8s_SingleManifest__Output>
          StaticPodServerStatusSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_StaticPodServerStatusSpec, _talos_resource_definitions_k8s_StaticPodServerStatusSpec__Output>
          StaticPodSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_StaticPodSpec, _talos_resource_definitions_k8s_StaticPodSpec__Output>
          StaticPodStatusSpec: MessageTypeDefinition<_talos_resource_definitions_k8s_StaticPodStatusSpec, _talos_resource_definitions_k8s_StaticPodStatusSpec__Output>
        }
        proto: {
          LinuxIDMapping: MessageTypeDefinition<_talos_resource_definitions_proto_LinuxIDMapping, _talos_resource_definitions_proto_LinuxIDMapping__Output>
          Mount: MessageTypeDefinition<_talos_resource_definitions_proto_Mount, _talos_resource_definitions_proto_Mount__Output>
        }
      }
    }
  }
}


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
import type { AddressSpecSpec as _talos_resource_definitions_network_AddressSpecSpec, AddressSpecSpec__Output as _talos_resource_definitions_network_AddressSpecSpec__Output } from './talos/resource/definitions/network/AddressSpecSpec';
import type { AddressStatusSpec as _talos_resource_definitions_network_AddressStatusSpec, AddressStatusSpec__Output as _talos_resource_definitions_network_AddressStatusSpec__Output } from './talos/resource/definitions/network/AddressStatusSpec';
import type { BondMasterSpec as _talos_resource_definitions_network_BondMasterSpec, BondMasterSpec__Output as _talos_resource_definitions_network_BondMasterSpec__Output } from './talos/resource/definitions/network/BondMasterSpec';
import type { BondSlave as _talos_resource_definitions_network_BondSlave, BondSlave__Output as _talos_resource_definitions_network_BondSlave__Output } from './talos/resource/definitions/network/BondSlave';
import type { BridgeMasterSpec as _talos_resource_definitions_network_BridgeMasterSpec, BridgeMasterSpec__Output as _talos_resource_definitions_network_BridgeMasterSpec__Output } from './talos/resource/definitions/network/BridgeMasterSpec';
import type { BridgeSlave as _talos_resource_definitions_network_BridgeSlave, BridgeSlave__Output as _talos_resource_definitions_network_BridgeSlave__Output } from './talos/resource/definitions/network/BridgeSlave';
import type { BridgeVLANSpec as _talos_resource_definitions_network_BridgeVLANSpec, BridgeVLANSpec__Output as _talos_resource_definitions_network_BridgeVLANSpec__Output } from './talos/resource/definitions/network/BridgeVLANSpec';
import type { ClientIdentifierSpec as _talos_resource_definitions_network_ClientIdentifierSpec, ClientIdentifierSpec__Output as _talos_resource_definitions_network_ClientIdentifierSpec__Output } from './talos/resource/definitions/network/ClientIdentifierSpec';
import type { DHCP4OperatorSpec as _talos_resource_definitions_network_DHCP4OperatorSpec, DHCP4OperatorSpec__Output as _talos_resource_definitions_network_DHCP4OperatorSpec__Output } from './talos/resource/definitions/network/DHCP4OperatorSpec';
import type { DHCP6OperatorSpec as _talos_resource_definitions_network_DHCP6OperatorSpec, DHCP6OperatorSpec__Output as _talos_resource_definitions_network_DHCP6OperatorSpec__Output } from './talos/resource/definitions/network/DHCP6OperatorSpec';
import type { DNSResolveCacheSpec as _talos_resource_definitions_network_DNSResolveCacheSpec, DNSResolveCacheSpec__Output as _talos_resource_definitions_network_DNSResolveCacheSpec__Output } from './talos/resource/definitions/network/DNSResolveCacheSpec';
import type { EthernetChannelsSpec as _talos_resource_definitions_network_EthernetChannelsSpec, EthernetChannelsSpec__Output as _talos_resource_definitions_network_EthernetChannelsSpec__Output } from './talos/resource/definitions/network/EthernetChannelsSpec';
import type { EthernetChannelsStatus as _talos_resource_definitions_network_EthernetChannelsStatus, EthernetChannelsStatus__Output as _talos_resource_definitions_network_EthernetChannelsStatus__Output } from './talos/resource/definitions/network/EthernetChannelsStatus';
import type { EthernetFeatureStatus as _talos_resource_definitions_network_EthernetFeatureStatus, EthernetFeatureStatus__Output as _talos_resource_definitions_network_EthernetFeatureStatus__Output } from './talos/resource/definitions/network/EthernetFeatureStatus';
import type { EthernetRingsSpec as _talos_resource_definitions_network_EthernetRingsSpec, EthernetRingsSpec__Output as _talos_resource_definitions_network_EthernetRingsSpec__Output } from './talos/resource/definitions/network/EthernetRingsSpec';
import type { EthernetRingsStatus as _talos_resource_definitions_network_EthernetRingsStatus, EthernetRingsStatus__Output as _talos_resource_definitions_network_EthernetRingsStatus__Output } from './talos/resource/definitions/network/EthernetRingsStatus';
import type { EthernetSpecSpec as _talos_resource_definitions_network_EthernetSpecSpec, EthernetSpecSpec__Output as _talos_resource_definitions_network_EthernetSpecSpec__Output } from './talos/resource/definitions/network/EthernetSpecSpec';
import type { EthernetStatusSpec as _talos_resource_definitions_network_EthernetStatusSpec, EthernetStatusSpec__Output as _talos_resource_definitions_network_EthernetStatusSpec__Output } from './talos/resource/definitions/network/EthernetStatusSpec';
import type { HardwareAddrSpec as _talos_resource_definitions_network_HardwareAddrSpec, HardwareAddrSpec__Output as _talos_resource_definitions_network_HardwareAddrSpec__Output } from './talos/resource/definitions/network/HardwareAddrSpec';
import type { HostDNSConfigSpec as _talos_resource_definitions_network_HostDNSConfigSpec, HostDNSConfigSpec__Output as _talos_resource_definitions_network_HostDNSConfigSpec__Output } from './talos/resource/definitions/network/HostDNSConfigSpec';
import type { HostnameSpecSpec as _talos_resource_definitions_network_HostnameSpecSpec, HostnameSpecSpec__Output as _talos_resource_definitions_network_HostnameSpecSpec__Output } from './talos/resource/definitions/network/HostnameSpecSpec';
import type { HostnameStatusSpec as _talos_resource_definitions_network_HostnameStatusSpec, HostnameStatusSpec__Output as _talos_resource_definitions_network_HostnameStatusSpec__Output } from './talos/resource/definitions/network/HostnameStatusSpec';
import type { LinkAliasSpecSpec as _talos_resource_definitions_network_LinkAliasSpecSpec, LinkAliasSpecSpec__Output as _talos_resource_definitions_network_LinkAliasSpecSpec__Output } from './talos/resource/definitions/network/LinkAliasSpecSpec';
import type { LinkRefreshSpec as _talos_resource_definitions_network_LinkRefreshSpec, LinkRefreshSpec__Output as _talos_resource_definitions_network_LinkRefreshSpec__Output } from './talos/resource/definitions/network/LinkRefreshSpec';
import type { LinkSpecSpec as _talos_resource_definitions_network_LinkSpecSpec, LinkSpecSpec__Output as _talos_resource_definitions_network_LinkSpecSpec__Output } from './talos/resource/definitions/network/LinkSpecSpec';
import type { LinkStatusSpec as _talos_resource_definitions_network_LinkStatusSpec, LinkStatusSpec__Output as _talos_resource_definitions_network_LinkStatusSpec__Output } from './talos/resource/definitions/network/LinkStatusSpec';
import type { NfTablesAddressMatch as _talos_resource_definitions_network_NfTablesAddressMatch, NfTablesAddressMatch__Output as _talos_resource_definitions_network_NfTablesAddressMatch__Output } from './talos/resource/definitions/network/NfTablesAddressMatch';
import type { NfTablesChainSpec as _talos_resource_definitions_network_NfTablesChainSpec, NfTablesChainSpec__Output as _talos_resource_definitions_network_NfTablesChainSpec__Output } from './talos/resource/definitions/network/NfTablesChainSpec';
import type { NfTablesClampMSS as _talos_resource_definitions_network_NfTablesClampMSS, NfTablesClampMSS__Output as _talos_resource_definitions_network_NfTablesClampMSS__Output } from './talos/resource/definitions/network/NfTablesClampMSS';
import type { NfTablesConntrackStateMatch as _talos_resource_definitions_network_NfTablesConntrackStateMatch, NfTablesConntrackStateMatch__Output as _talos_resource_definitions_network_NfTablesConntrackStateMatch__Output } from './talos/resource/definitions/network/NfTablesConntrackStateMatch';
import type { NfTablesICMPTypeMatch as _talos_resource_definitions_network_NfTablesICMPTypeMatch, NfTablesICMPTypeMatch__Output as _talos_resource_definitions_network_NfTablesICMPTypeMatch__Output } from './talos/resource/definitions/network/NfTablesICMPTypeMatch';
import type { NfTablesIfNameMatch as _talos_resource_definitions_network_NfTablesIfNameMatch, NfTablesIfNameMatch__Output as _talos_resource_definitions_network_NfTablesIfNameMatch__Output } from './talos/resource/definitions/network/NfTablesIfNameMatch';
import type { NfTablesLayer4Match as _talos_resource_definitions_network_NfTablesLayer4Match, NfTablesLayer4Match__Output as _talos_resource_definitions_network_NfTablesLayer4Match__Output } from './talos/resource/definitions/network/NfTablesLayer4Match';
import type { NfTablesLimitMatch as _talos_resource_definitions_network_NfTablesLimitMatch, NfTablesLimitMatch__Output as _talos_resource_definitions_network_NfTablesLimitMatch__Output } from './talos/resource/definitions/network/NfTablesLimitMatch';
import type { NfTablesMark as _talos_resource_definitions_network_NfTablesMark, NfTablesMark__Output as _talos_resource_definitions_network_NfTablesMark__Output } from './talos/resource/definitions/network/NfTablesMark';
import type { NfTablesPortMatch as _talos_resource_definitions_network_NfTablesPortMatch, NfTablesPortMatch__Output as _talos_resource_definitions_network_NfTablesPortMatch__Output } from './talos/resource/definitions/network/NfTablesPortMatch';
import type { NfTablesRule as _talos_resource_definitions_network_NfTablesRule, NfTablesRule__Output as _talos_resource_definitions_network_NfTablesRule__Output } from './talos/resource/definitions/network/NfTablesRule';
import type { NodeAddressFilterSpec as _talos_resource_definitions_network_NodeAddressFilterSpec, NodeAddressFilterSpec__Output as _talos_resource_definitions_network_NodeAddressFilterSpec__Output } from './talos/resource/definitions/network/NodeAddressFilterSpec';
import type { NodeAddressSortAlgorithmSpec as _talos_resource_definitions_network_NodeAddressSortAlgorithmSpec, NodeAddressSortAlgorithmSpec__Output as _talos_resource_definitions_network_NodeAddressSortAlgorithmSpec__Output } from './talos/resource/definitions/network/NodeAddressSortAlgorithmSpec';
import type { NodeAddressSpec as _talos_resource_definitions_network_NodeAddressSpec, NodeAddressSpec__Output as _talos_resource_definitions_network_NodeAddressSpec__Output } from './talos/resource/definitions/network/NodeAddressSpec';
import type { OperatorSpecSpec as _talos_resource_definitions_network_OperatorSpecSpec, OperatorSpecSpec__Output as _talos_resource_definitions_network_OperatorSpecSpec__Output } from './talos/resource/definitions/network/OperatorSpecSpec';
import type { PlatformConfigSpec as _talos_resource_definitions_network_PlatformConfigSpec, PlatformConfigSpec__Output as _talos_resource_definitions_network_PlatformConfigSpec__Output } from './talos/resource/definitions/network/PlatformConfigSpec';
import type { PortRange as _talos_resource_definitions_network_PortRange, PortRange__Output as _talos_resource_definitions_network_PortRange__Output } from './talos/resource/definitions/network/PortRange';
import type { ProbeSpecSpec as _talos_resource_definitions_network_ProbeSpecSpec, ProbeSpecSpec__Output as _talos_resource_definitions_network_ProbeSpecSpec__Output } from './talos/resource/definitions/network/ProbeSpecSpec';
import type { ProbeStatusSpec as _talos_resource_definitions_network_ProbeStatusSpec, ProbeStatusSpec__Output as _talos_resource_definitions_network_ProbeStatusSpec__Output } from './talos/resource/definitions/network/ProbeStatusSpec';
import type { ResolverSpecSpec as _talos_resource_definitions_network_ResolverSpecSpec, ResolverSpecSpec__Output as _talos_resource_definitions_network_ResolverSpecSpec__Output } from './talos/resource/definitions/network/ResolverSpecSpec';
import type { ResolverStatusSpec as _talos_resource_definitions_network_ResolverStatusSpec, ResolverStatusSpec__Output as _talos_resource_definitions_network_ResolverStatusSpec__Output } from './talos/resource/definitions/network/ResolverStatusSpec';
import type { RouteSpecSpec as _talos_resource_definitions_network_RouteSpecSpec, RouteSpecSpec__Output as _talos_resource_definitions_network_RouteSpecSpec__Output } from './talos/resource/definitions/network/RouteSpecSpec';
import type { RouteStatusSpec as _talos_resource_definitions_network_RouteStatusSpec, RouteStatusSpec__Output as _talos_resource_definitions_network_RouteStatusSpec__Output } from './talos/resource/definitions/network/RouteStatusSpec';
import type { RoutingRuleSpecSpec as _talos_resource_definitions_network_RoutingRuleSpecSpec, RoutingRuleSpecSpec__Output as _talos_resource_definitions_network_RoutingRuleSpecSpec__Output } from './talos/resource/definitions/network/RoutingRuleSpecSpec';
import type { RoutingRuleStatusSpec as _talos_resource_definitions_network_RoutingRuleStatusSpec, RoutingRuleStatusSpec__Output as _talos_resource_definitions_network_RoutingRuleStatusSpec__Output } from './talos/resource/definitions/network/RoutingRuleStatusSpec';
import type { STPSpec as _talos_resource_definitions_network_STPSpec, STPSpec__Output as _talos_resource_definitions_network_STPSpec__Output } from './talos/resource/definitions/network/STPSpec';
import type { StatusSpec as _talos_resource_definitions_network_StatusSpec, StatusSpec__Output as _talos_resource_definitions_network_StatusSpec__Output } from './talos/resource/definitions/network/StatusSpec';
import type { TCPProbeSpec as _talos_resource_definitions_network_TCPProbeSpec, TCPProbeSpec__Output as _talos_resource_definitions_network_TCPProbeSpec__Output } from './talos/resource/definitions/network/TCPProbeSpec';
import type { TimeServerSpecSpec as _talos_resource_definitions_network_TimeServerSpecSpec, TimeServerSpecSpec__Output as _talos_resource_definitions_network_TimeServerSpecSpec__Output } from './talos/resource/definitions/network/TimeServerSpecSpec';
import type { TimeServerStatusSpec as _talos_resource_definitions_network_TimeServerStatusSpec, TimeServerStatusSpec__Output as _talos_resource_definitions_network_TimeServerStatusSpec__Output } from './talos/resource/definitions/network/TimeServerStatusSpec';
import type { VIPEquinixMetalSpec as _talos_resource_definitions_network_VIPEquinixMetalSpec, VIPEquinixMetalSpec__Output as _talos_resource_definitions_network_VIPEquinixMetalSpec__Output } from './talos/resource/definitions/network/VIPEquinixMetalSpec';
import type { VIPHCloudSpec as _talos_resource_definitions_network_VIPHCloudSpec, VIPHCloudSpec__Output as _talos_resource_definitions_network_VIPHCloudSpec__Output } from './talos/resource/definitions/network/VIPHCloudSpec';
import type { VIPOperatorSpec as _talos_resource_definitions_network_VIPOperatorSpec, VIPOperatorSpec__Output as _talos_resource_definitions_network_VIPOperatorSpec__Output } from './talos/resource/definitions/network/VIPOperatorSpec';
import type { VLANSpec as _talos_resource_definitions_network_VLANSpec, VLANSpec__Output as _talos_resource_definitions_network_VLANSpec__Output } from './talos/resource/definitions/network/VLANSpec';
import type { VRFMasterSpec as _talos_resource_definitions_network_VRFMasterSpec, VRFMasterSpec__Output as _talos_resource_definitions_network_VRFMasterSpec__Output } from './talos/resource/definitions/network/VRFMasterSpec';
import type { VRFSlave as _talos_resource_definitions_network_VRFSlave, VRFSlave__Output as _talos_resource_definitions_network_VRFSlave__Output } from './talos/resource/definitions/network/VRFSlave';
import type { WireguardPeer as _talos_resource_definitions_network_WireguardPeer, WireguardPeer__Output as _talos_resource_definitions_network_WireguardPeer__Output } from './talos/resource/definitions/network/WireguardPeer';
import type { WireguardSpec as _talos_resource_definitions_network_WireguardSpec, WireguardSpec__Output as _talos_resource_definitions_network_WireguardSpec__Output } from './talos/resource/definitions/network/WireguardSpec';
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
        network: {
          AddressSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_AddressSpecSpec, _talos_resource_definitions_network_AddressSpecSpec__Output>
          AddressStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_AddressStatusSpec, _talos_resource_definitions_network_AddressStatusSpec__Output>
          BondMasterSpec: MessageTypeDefinition<_talos_resource_definitions_network_BondMasterSpec, _talos_resource_definitions_network_BondMasterSpec__Output>
          BondSlave: MessageTypeDefinition<_talos_resource_definitions_network_BondSlave, _talos_resource_definitions_network_BondSlave__Output>
          BridgeMasterSpec: MessageTypeDefinition<_talos_resource_definitions_network_BridgeMasterSpec, _talos_resource_definitions_network_BridgeMasterSpec__Output>
          BridgeSlave: MessageTypeDefinition<_talos_resource_definitions_network_BridgeSlave, _talos_resource_definitions_network_BridgeSlave__Output>
          BridgeVLANSpec: MessageTypeDefinition<_talos_resource_definitions_network_BridgeVLANSpec, _talos_resource_definitions_network_BridgeVLANSpec__Output>
          ClientIdentifierSpec: MessageTypeDefinition<_talos_resource_definitions_network_ClientIdentifierSpec, _talos_resource_definitions_network_ClientIdentifierSpec__Output>
          DHCP4OperatorSpec: MessageTypeDefinition<_talos_resource_definitions_network_DHCP4OperatorSpec, _talos_resource_definitions_network_DHCP4OperatorSpec__Output>
          DHCP6OperatorSpec: MessageTypeDefinition<_talos_resource_definitions_network_DHCP6OperatorSpec, _talos_resource_definitions_network_DHCP6OperatorSpec__Output>
          DNSResolveCacheSpec: MessageTypeDefinition<_talos_resource_definitions_network_DNSResolveCacheSpec, _talos_resource_definitions_network_DNSResolveCacheSpec__Output>
          EthernetChannelsSpec: MessageTypeDefinition<_talos_resource_definitions_network_EthernetChannelsSpec, _talos_resource_definitions_network_EthernetChannelsSpec__Output>
          EthernetChannelsStatus: MessageTypeDefinition<_talos_resource_definitions_network_EthernetChannelsStatus, _talos_resource_definitions_network_EthernetChannelsStatus__Output>
          EthernetFeatureStatus: MessageTypeDefinition<_talos_resource_definitions_network_EthernetFeatureStatus, _talos_resource_definitions_network_EthernetFeatureStatus__Output>
          EthernetRingsSpec: MessageTypeDefinition<_talos_resource_definitions_network_EthernetRingsSpec, _talos_resource_definitions_network_EthernetRingsSpec__Output>
          EthernetRingsStatus: MessageTypeDefinition<_talos_resource_definitions_network_EthernetRingsStatus, _talos_resource_definitions_network_EthernetRingsStatus__Output>
          EthernetSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_EthernetSpecSpec, _talos_resource_definitions_network_EthernetSpecSpec__Output>
          EthernetStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_EthernetStatusSpec, _talos_resource_definitions_network_EthernetStatusSpec__Output>
          HardwareAddrSpec: MessageTypeDefinition<_talos_resource_definitions_network_HardwareAddrSpec, _talos_resource_definitions_network_HardwareAddrSpec__Output>
          HostDNSConfigSpec: MessageTypeDefinition<_talos_resource_definitions_network_HostDNSConfigSpec, _talos_resource_definitions_network_HostDNSConfigSpec__Output>
          HostnameSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_HostnameSpecSpec, _talos_resource_definitions_network_HostnameSpecSpec__Output>
          HostnameStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_HostnameStatusSpec, _talos_resource_definitions_network_HostnameStatusSpec__Output>
          LinkAliasSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_LinkAliasSpecSpec, _talos_resource_definitions_network_LinkAliasSpecSpec__Output>
          LinkRefreshSpec: MessageTypeDefinition<_talos_resource_definitions_network_LinkRefreshSpec, _talos_resource_definitions_network_LinkRefreshSpec__Output>
          LinkSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_LinkSpecSpec, _talos_resource_definitions_network_LinkSpecSpec__Output>
          LinkStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_LinkStatusSpec, _talos_resource_definitions_network_LinkStatusSpec__Output>
          NfTablesAddressMatch: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesAddressMatch, _talos_resource_definitions_network_NfTablesAddressMatch__Output>
          NfTablesChainSpec: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesChainSpec, _talos_resource_definitions_network_NfTablesChainSpec__Output>
          NfTablesClampMSS: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesClampMSS, _talos_resource_definitions_network_NfTablesClampMSS__Output>
          NfTablesConntrackStateMatch: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesConntrackStateMatch, _talos_resource_definitions_network_NfTablesConntrackStateMatch__Output>
          NfTablesICMPTypeMatch: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesICMPTypeMatch, _talos_resource_definitions_network_NfTablesICMPTypeMatch__Output>
          NfTablesIfNameMatch: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesIfNameMatch, _talos_resource_definitions_network_NfTablesIfNameMatch__Output>
          NfTablesLayer4Match: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesLayer4Match, _talos_resource_definitions_network_NfTablesLayer4Match__Output>
          NfTablesLimitMatch: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesLimitMatch, _talos_resource_definitions_network_NfTablesLimitMatch__Output>
          NfTablesMark: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesMark, _talos_resource_definitions_network_NfTablesMark__Output>
          NfTablesPortMatch: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesPortMatch, _talos_resource_definitions_network_NfTablesPortMatch__Output>
          NfTablesRule: MessageTypeDefinition<_talos_resource_definitions_network_NfTablesRule, _talos_resource_definitions_network_NfTablesRule__Output>
          NodeAddressFilterSpec: MessageTypeDefinition<_talos_resource_definitions_network_NodeAddressFilterSpec, _talos_resource_definitions_network_NodeAddressFilterSpec__Output>
          NodeAddressSortAlgorithmSpec: MessageTypeDefinition<_talos_resource_definitions_network_NodeAddressSortAlgorithmSpec, _talos_resource_definitions_network_NodeAddressSortAlgorithmSpec__Output>
          NodeAddressSpec: MessageTypeDefinition<_talos_resource_definitions_network_NodeAddressSpec, _talos_resource_definitions_network_NodeAddressSpec__Output>
          OperatorSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_OperatorSpecSpec, _talos_resource_definitions_network_OperatorSpecSpec__Output>
          PlatformConfigSpec: MessageTypeDefinition<_talos_resource_definitions_network_PlatformConfigSpec, _talos_resource_definitions_network_PlatformConfigSpec__Output>
          PortRange: MessageTypeDefinition<_talos_resource_definitions_network_PortRange, _talos_resource_definitions_network_PortRange__Output>
          ProbeSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_ProbeSpecSpec, _talos_resource_definitions_network_ProbeSpecSpec__Output>
          ProbeStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_ProbeStatusSpec, _talos_resource_definitions_network_ProbeStatusSpec__Output>
          ResolverSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_ResolverSpecSpec, _talos_resource_definitions_network_ResolverSpecSpec__Output>
          ResolverStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_ResolverStatusSpec, _talos_resource_definitions_network_ResolverStatusSpec__Output>
          RouteSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_RouteSpecSpec, _talos_resource_definitions_network_RouteSpecSpec__Output>
          RouteStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_RouteStatusSpec, _talos_resource_definitions_network_RouteStatusSpec__Output>
          RoutingRuleSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_RoutingRuleSpecSpec, _talos_resource_definitions_network_RoutingRuleSpecSpec__Output>
          RoutingRuleStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_RoutingRuleStatusSpec, _talos_resource_definitions_network_RoutingRuleStatusSpec__Output>
          STPSpec: MessageTypeDefinition<_talos_resource_definitions_network_STPSpec, _talos_resource_definitions_network_STPSpec__Output>
          StatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_StatusSpec, _talos_resource_definitions_network_StatusSpec__Output>
          TCPProbeSpec: MessageTypeDefinition<_talos_resource_definitions_network_TCPProbeSpec, _talos_resource_definitions_network_TCPProbeSpec__Output>
          TimeServerSpecSpec: MessageTypeDefinition<_talos_resource_definitions_network_TimeServerSpecSpec, _talos_resource_definitions_network_TimeServerSpecSpec__Output>
          TimeServerStatusSpec: MessageTypeDefinition<_talos_resource_definitions_network_TimeServerStatusSpec, _talos_resource_definitions_network_TimeServerStatusSpec__Output>
          VIPEquinixMetalSpec: MessageTypeDefinition<_talos_resource_definitions_network_VIPEquinixMetalSpec, _talos_resource_definitions_network_VIPEquinixMetalSpec__Output>
          VIPHCloudSpec: MessageTypeDefinition<_talos_resource_definitions_network_VIPHCloudSpec, _talos_resource_definitions_network_VIPHCloudSpec__Output>
          VIPOperatorSpec: MessageTypeDefinition<_talos_resource_definitions_network_VIPOperatorSpec, _talos_resource_definitions_network_VIPOperatorSpec__Output>
          VLANSpec: MessageTypeDefinition<_talos_resource_definitions_network_VLANSpec, _talos_resource_definitions_network_VLANSpec__Output>
          VRFMasterSpec: MessageTypeDefinition<_talos_resource_definitions_network_VRFMasterSpec, _talos_resource_definitions_network_VRFMasterSpec__Output>
          VRFSlave: MessageTypeDefinition<_talos_resource_definitions_network_VRFSlave, _talos_resource_definitions_network_VRFSlave__Output>
          WireguardPeer: MessageTypeDefinition<_talos_resource_definitions_network_WireguardPeer, _talos_resource_definitions_network_WireguardPeer__Output>
          WireguardSpec: MessageTypeDefinition<_talos_resource_definitions_network_WireguardSpec, _talos_resource_definitions_network_WireguardSpec__Output>
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


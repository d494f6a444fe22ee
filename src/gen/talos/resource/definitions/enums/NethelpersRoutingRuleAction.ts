// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersRoutingRuleAction = {
  ROUTING_RULE_ACTION_UNSPEC: 'ROUTING_RULE_ACTION_UNSPEC',
  ROUTING_RULE_ACTION_UNICAST: 'ROUTING_RULE_ACTION_UNICAST',
  ROUTING_RULE_ACTION_BLACKHOLE: 'ROUTING_RULE_ACTION_BLACKHOLE',
  ROUTING_RULE_ACTION_UNREACHABLE: 'ROUTING_RULE_ACTION_UNREACHABLE',
  ROUTING_RULE_ACTION_PROHIBIT: 'ROUTING_RULE_ACTION_PROHIBIT',
} as const;

export type NethelpersRoutingRuleAction =
  | 'ROUTING_RULE_ACTION_UNSPEC'
  | 0
  | 'ROUTING_RULE_ACTION_UNICAST'
  | 1
  | 'ROUTING_RULE_ACTION_BLACKHOLE'
  | 6
  | 'ROUTING_RULE_ACTION_UNREACHABLE'
  | 7
  | 'ROUTING_RULE_ACTION_PROHIBIT'
  | 8

export type NethelpersRoutingRuleAction__Output = typeof NethelpersRoutingRuleAction[keyof typeof NethelpersRoutingRuleAction]

// Original file: proto/google/api/expr/v1alpha1/syntax.proto

import type { Expr as _google_api_expr_v1alpha1_Expr, Expr__Output as _google_api_expr_v1alpha1_Expr__Output } from '../../../../google/api/expr/v1alpha1/Expr';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/google/api/expr/v1alpha1/syntax.proto

export const _google_api_expr_v1alpha1_SourceInfo_Extension_Component = {
  COMPONENT_UNSPECIFIED: 'COMPONENT_UNSPECIFIED',
  COMPONENT_PARSER: 'COMPONENT_PARSER',
  COMPONENT_TYPE_CHECKER: 'COMPONENT_TYPE_CHECKER',
  COMPONENT_RUNTIME: 'COMPONENT_RUNTIME',
} as const;

export type _google_api_expr_v1alpha1_SourceInfo_Extension_Component =
  | 'COMPONENT_UNSPECIFIED'
  | 0
  | 'COMPONENT_PARSER'
  | 1
  | 'COMPONENT_TYPE_CHECKER'
  | 2
  | 'COMPONENT_RUNTIME'
  | 3

export type _google_api_expr_v1alpha1_SourceInfo_Extension_Component__Output = typeof _google_api_expr_v1alpha1_SourceInfo_Extension_Component[keyof typeof _google_api_expr_v1alpha1_SourceInfo_Extension_Component]

export interface _google_api_expr_v1alpha1_SourceInfo_Extension {
  'id'?: (string);
  'affected_components'?: (_google_api_expr_v1alpha1_SourceInfo_Extension_Component)[];
  'version'?: (_google_api_expr_v1alpha1_SourceInfo_Extension_Version | null);
}

export interface _google_api_expr_v1alpha1_SourceInfo_Extension__Output {
  'id': (string);
  'affected_components': (_google_api_expr_v1alpha1_SourceInfo_Extension_Component__Output)[];
  'version': (_google_api_expr_v1alpha1_SourceInfo_Extension_Version__Output | null);
}

export interface _google_api_expr_v1alpha1_SourceInfo_Extension_Version {
  'major'?: (number | string | Long);
  'minor'?: (number | string | Long);
}

export interface _google_api_expr_v1alpha1_SourceInfo_Extension_Version__Output {
  'major': (string);
  'minor': (string);
}

export interface SourceInfo {
  'syntax_version'?: (string);
  'location'?: (string);
  'line_offsets'?: (number)[];
  'positions'?: ({[key: number]: number});
  'macro_calls'?: ({[key: number]: _google_api_expr_v1alpha1_Expr});
  'extensions'?: (_google_api_expr_v1alpha1_SourceInfo_Extension)[];
}

export interface SourceInfo__Output {
  'syntax_version': (string);
  'location': (string);
  'line_offsets': (number)[];
  'positions': ({[key: number]: number});
  'macro_calls': ({[key: number]: _google_api_expr_v1alpha1_Expr__Output});
  'extensions': (_google_api_expr_v1alpha1_SourceInfo_Extension__Output)[];
}

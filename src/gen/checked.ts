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
}


// Original file: proto/resource/definitions/block/block.proto

import type { CheckedExpr as _google_api_expr_v1alpha1_CheckedExpr, CheckedExpr__Output as _google_api_expr_v1alpha1_CheckedExpr__Output } from '../../../../google/api/expr/v1alpha1/CheckedExpr';

export interface DiskSelector {
  'match'?: (_google_api_expr_v1alpha1_CheckedExpr | null);
  'external'?: (string);
}

export interface DiskSelector__Output {
  'match': (_google_api_expr_v1alpha1_CheckedExpr__Output | null);
  'external': (string);
}

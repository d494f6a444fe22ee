// Semantic validation of a parsed machine config, after the schema: the rules Talos v1.13 applies
// in its default (non-strict) mode for a config applied to a node, plus certificate/key decoding.
// Findings are errors (the config is rejected) or warnings (reported, config accepted); strict
// mode, like Talos's, turns warnings into errors.

import { ConfigValidationError, formatProblem, sortProblems, type ConfigProblem } from './errors';
import { documentLabel } from './document-kinds';
import { V1ALPHA1_KIND, type MachineConfig } from './machine-config';
import { formatPath } from './path';
import { checkClusterSection } from './validate-cluster';
import { checkDocument } from './validate-documents';
import { checkMachineSection, type RuntimeMode } from './validate-machine';
import { checkAddressOverlaps } from './validate-network-overlaps';
import { checkV1Alpha1PKI } from './validate-pki';
import { checkV1Alpha1Registries } from './validate-registries';
import { Report, type Finding } from './validate-report';

export type { RuntimeMode };

export interface ValidateOptions {
  /** Treat warnings as errors (Talos's strict mode). Default false. */
  strict?: boolean;
  /**
   * Where the config runs: `metal` requires install instructions, `container` requires the
   * hostDNS features. Default `cloud` (neither).
   */
  mode?: RuntimeMode;
}

export interface ValidationResult {
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

function toProblem(config: MachineConfig, f: Finding): ConfigProblem {
  const doc = config.documents[f.doc];
  const problem: ConfigProblem = {
    path: formatPath(f.path),
    ...(config.positionOf(f.doc, f.path) ?? {}),
    message: f.message,
  };
  if (doc && doc.kind !== V1ALPHA1_KIND) problem.document = documentLabel(doc.kind, doc.name);
  return problem;
}

/** Runs the semantic rules and returns errors and warnings without throwing. */
export function checkMachineConfig(config: MachineConfig, opts: ValidateOptions = {}): ValidationResult {
  const report = new Report();
  const mode = opts.mode ?? 'cloud';
  const v1Index = config.documents.findIndex((d) => d.kind === V1ALPHA1_KIND);
  const v1 = v1Index >= 0 ? (config.documents[v1Index]?.data as Record<string, unknown>) : undefined;
  if (v1) {
    const r = report.for(v1Index);
    const type = checkMachineSection(r, v1, mode);
    checkClusterSection(r, v1, type);
    checkV1Alpha1PKI(r, v1);
    checkV1Alpha1Registries(r, v1);
  }
  config.documents.forEach((doc, i) => {
    if (doc.kind !== V1ALPHA1_KIND) checkDocument(report.for(i), doc, v1);
  });
  checkAddressOverlaps(report, config);

  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  for (const f of report.findings) {
    const problem = toProblem(config, f);
    if (!f.warning) errors.push(problem);
    else if (opts.strict) errors.push({ ...problem, message: `warning: ${problem.message}` });
    else warnings.push(problem);
  }
  return { errors: sortProblems(errors), warnings: sortProblems(warnings) };
}

/**
 * Validates a parsed config; throws ConfigValidationError listing every error, otherwise returns
 * the warnings as readable lines.
 */
export function validateMachineConfig(config: MachineConfig, opts: ValidateOptions = {}): string[] {
  const { errors, warnings } = checkMachineConfig(config, opts);
  if (errors.length > 0) throw new ConfigValidationError(errors);
  return warnings.map(formatProblem);
}

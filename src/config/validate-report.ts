// Collects findings of the semantic validation: errors (the config is rejected) and warnings
// (Talos accepts the config but reports them; strict mode turns them into errors).

import type { PathSegment } from './path';

export interface Finding {
  /** Index of the document in MachineConfig.documents. */
  doc: number;
  path: PathSegment[];
  message: string;
  warning: boolean;
}

export class Report {
  readonly findings: Finding[] = [];

  /** A reporter bound to one document. */
  for(doc: number): DocReport {
    return new DocReport(this, doc);
  }
}

export class DocReport {
  constructor(
    private readonly report: Report,
    readonly doc: number,
  ) {}

  error(path: PathSegment[], message: string): void {
    this.report.findings.push({ doc: this.doc, path, message, warning: false });
  }

  warn(path: PathSegment[], message: string): void {
    this.report.findings.push({ doc: this.doc, path, message, warning: true });
  }
}

/** Reads a nested value from plain data, or undefined. */
export function get(data: unknown, ...path: PathSegment[]): unknown {
  let current = data;
  for (const seg of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[seg];
  }
  return current;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export { asList as list, asRecord as record } from '../untyped-values';

/** Go's `pointer.SafeDeref` for booleans: only `true` is true. */
export function isTrue(v: unknown): boolean {
  return v === true;
}

export function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v !== '';
}

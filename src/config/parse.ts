// Loading a machine config from text: size and encoding checks, YAML parsing, document
// identification and container rules as Talos's config loader applies them, schema validation,
// then (by default) the semantic validation of validate.ts.

import { isMap, isScalar, type Document } from 'yaml';

import { ConfigValidationError, formatProblem, sortProblems, type ConfigProblem } from './errors';
import { checkDocumentSet, documentLabel, identifyDocument } from './document-kinds';
import { MachineConfig, V1ALPHA1_KIND, type PositionLookup } from './machine-config';
import { validateWithSchema } from './schema-validate';
import { formatPath } from './path';
import { checkMachineConfig, type ValidateOptions } from './validate';
import { checkV1Alpha1Encodings } from './validate-pki';
import { Report } from './validate-report';
import { MAX_ALIAS_COUNT } from './yaml-compat';
import { locate, nodePosition, parseYamlStream, type Position } from './yaml-source';

/**
 * Largest config accepted by default: 32 MiB, the API's message limit (Talos's loader has no limit of
 * its own, so what its API can carry is what it accepts).
 */
export const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

export interface ParseOptions extends ValidateOptions {
  /** Size limit in bytes (default MAX_CONFIG_BYTES). */
  maxBytes?: number;
  /** Run the semantic validation after the schema (default true). */
  validate?: boolean;
}

/** Whether YAML forbids this UTF-16 code unit in a stream (controls other than tab/LF/CR/NEL, U+FFFE/U+FFFF). */
function isForbiddenChar(c: number): boolean {
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  if (c >= 0x7f && c <= 0x9f) return c !== 0x85;
  return c === 0xfffe || c === 0xffff;
}

function firstForbiddenChar(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) if (isForbiddenChar(text.charCodeAt(i))) return i;
  return undefined;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(message: string, position: Partial<Position> = {}): never {
  throw new ConfigValidationError([{ path: '', ...position, message }]);
}

function positionOfIndex(text: string, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function decodeInput(input: string | Uint8Array, maxBytes: number): string {
  let text: string;
  if (typeof input === 'string') {
    if (input.length > maxBytes || Buffer.byteLength(input, 'utf8') > maxBytes) {
      fail(`config is larger than the limit of ${maxBytes} bytes`);
    }
    if (LONE_SURROGATE.test(input)) fail('config is not valid UTF-8 text');
    text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes)
      fail(`config is ${input.byteLength} bytes, larger than the limit of ${maxBytes} bytes`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      fail('config is not valid UTF-8 text (binary data?)');
    }
  } else {
    fail('config must be a string or bytes');
  }
  if (text.trim() === '') fail('config is empty');
  const bad = firstForbiddenChar(text);
  if (bad !== undefined) {
    const what = text.charCodeAt(bad) === 0 ? 'a NUL byte (binary data?)' : 'a control character';
    fail(`config contains ${what}, which YAML does not allow`, positionOfIndex(text, bad));
  }
  return text;
}

interface Decoded {
  document: { kind: string; apiVersion?: string; name?: string; data: Record<string, unknown> };
  source: Document.Parsed;
  def: string;
}

/** Parses, decodes and validates a machine config; throws ConfigValidationError listing every problem. */
export function parseMachineConfig(input: string | Uint8Array, opts: ParseOptions = {}): MachineConfig {
  const text = decodeInput(input, opts.maxBytes ?? MAX_CONFIG_BYTES);
  const { documents, lineCounter, problems: syntax } = parseYamlStream(text);
  if (syntax.length > 0) throw new ConfigValidationError(sortProblems(syntax));

  const problems: ConfigProblem[] = [];
  const decoded: Decoded[] = [];
  for (const doc of documents) {
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const where = nodePosition(lineCounter, contents);
    if (!isMap(contents)) {
      problems.push({ path: '', ...where, message: 'expected a YAML mapping (a config document)' });
      continue;
    }
    let data: Record<string, unknown>;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    } catch (e) {
      const aliases = e instanceof Error && /alias/i.test(e.message);
      problems.push({
        path: '',
        ...where,
        message: aliases
          ? 'too many alias expansions (possible alias bomb)'
          : 'document could not be decoded',
      });
      continue;
    }
    const id = identifyDocument(data);
    if (!id.ok) {
      const at = id.field === '' ? contents : (locate(doc, [id.field]).node ?? contents);
      problems.push({ path: id.field, ...nodePosition(lineCounter, at), message: id.message });
      continue;
    }
    const document = {
      kind: id.kind,
      data,
      ...(id.apiVersion !== undefined ? { apiVersion: id.apiVersion } : {}),
      ...(id.name !== undefined ? { name: id.name } : {}),
    };
    decoded.push({ document, source: doc, def: id.def });
  }

  for (const { document, source, def } of decoded) {
    const label = document.kind === V1ALPHA1_KIND ? undefined : documentLabel(document.kind, document.name);
    problems.push(
      ...validateWithSchema(def, document.data, { doc: source, lineCounter, document: label }).problems,
    );
    // A scalar name such as `name: 5` is the string "5" once normalized.
    const name = document.data['name'];
    if (document.kind !== V1ALPHA1_KIND && typeof name === 'string') document.name = name;
    if (document.kind === V1ALPHA1_KIND) {
      // Talos's decoder rejects certificate/key fields that are not base64, whatever the validation mode.
      const report = new Report();
      checkV1Alpha1Encodings(report.for(0), document.data);
      for (const f of report.findings) {
        const at = nodePosition(lineCounter, locate(source, f.path).node);
        problems.push({ path: formatPath(f.path), ...at, message: f.message });
      }
    }
  }

  const entries = decoded.map((d, index) => ({ index, kind: d.document.kind, name: d.document.name }));
  for (const issue of checkDocumentSet(entries)) {
    const d = decoded[issue.index] as Decoded;
    const at = locate(d.source, d.document.kind === V1ALPHA1_KIND ? [] : ['kind']).node;
    problems.push({ path: '', ...nodePosition(lineCounter, at), message: issue.message });
  }

  if (problems.length > 0) throw new ConfigValidationError(sortProblems(problems));
  if (decoded.length === 0) fail('no configuration documents found');

  const positions: PositionLookup = (docIndex, path, atKey) => {
    const d = decoded[docIndex];
    if (!d) return undefined;
    const loc = locate(d.source, path);
    const node = atKey && loc.exact ? (loc.key ?? loc.node) : loc.node;
    const { line, column } = nodePosition(lineCounter, node);
    return line !== undefined && column !== undefined ? { line, column } : undefined;
  };
  const config = new MachineConfig(
    decoded.map((d) => d.document),
    { source: text, positions },
  );
  if (opts.validate === false) return config;

  const { errors, warnings } = checkMachineConfig(config, opts);
  if (errors.length > 0) throw new ConfigValidationError(errors);
  return warnings.length > 0 ? config.withWarnings(warnings.map(formatProblem)) : config;
}

// Reading the YAML text of a machine config: splitting the stream into documents, turning parser
// errors into problems with line/column, guarding against hostile nesting, and finding the YAML
// node (and so the source position) behind a data path.

import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type ErrorCode,
  type Node,
  type YAMLError,
} from 'yaml';

import type { ConfigProblem } from './errors';
import type { PathSegment } from './path';
import { GO_COMPAT_PARSE_OPTIONS } from './yaml-compat';

/** Deepest nesting of mappings/sequences accepted in a document. Real configs stay well below 30. */
export const MAX_NESTING_DEPTH = 100;

/** Cheap pre-parse bound on open brackets, so that `[[[[…` cannot make the parser crawl. */
const MAX_OPEN_BRACKETS = 1000;

export interface Position {
  line: number;
  column: number;
}

export interface YamlStream {
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  problems: ConfigProblem[];
}

const SYNTAX_MESSAGES: Partial<Record<ErrorCode, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'invalid or undefined alias',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation (or an unclosed [ or {)',
  BAD_PROP_ORDER: 'anchors and tags must come before the value',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection cannot be a mapping key',
  BLOCK_IN_FLOW: 'block collections are not allowed inside flow collections',
  DUPLICATE_KEY: 'duplicate mapping key',
  KEY_OVER_1024_CHARS: 'implicit mapping key is longer than 1024 characters',
  MISSING_CHAR: 'missing closing quote or bracket',
  MULTILINE_IMPLICIT_KEY: 'mapping key spans several lines (missing ":"?)',
  MULTIPLE_ANCHORS: 'a node can have only one anchor',
  MULTIPLE_DOCS: 'unexpected document start',
  MULTIPLE_TAGS: 'a node can have only one tag',
  NON_STRING_KEY: 'mapping keys must be strings',
  RESOURCE_EXHAUSTION: `nesting is too deep`,
  TAB_AS_INDENT: 'tabs cannot be used for indentation',
  TAG_RESOLVE_FAILED: 'value does not match its tag',
  UNEXPECTED_TOKEN: 'unexpected content',
  BAD_COLLECTION_TYPE: 'collection type does not match its tag',
};

/** 1-based line and column of a character offset. */
export function positionAt(lc: LineCounter, offset: number): Position {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

function syntaxProblem(lc: LineCounter, err: YAMLError): ConfigProblem {
  // The library's own message may quote the source text; ours never does.
  const what = SYNTAX_MESSAGES[err.code] ?? `syntax error (${err.code})`;
  return { path: '', ...positionAt(lc, err.pos[0]), message: `YAML ${what}` };
}

/** Offset where the count of unclosed `[`/`{` first exceeds the bound, if it does. */
function excessiveBracketOffset(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > MAX_OPEN_BRACKETS) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/**
 * Deepest collection nesting under `root`, computed without recursion; stops early past the bound.
 * Also the first mapping key that is itself a collection (Go cannot decode one into a string key).
 */
function nestingDepth(root: unknown): { depth: number; node?: Node; collectionKey?: Node } {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  let max = 0;
  let collectionKey: Node | undefined;
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (isMap(node) || isSeq(node)) {
      const d = depth + 1;
      if (d > max) max = d;
      if (d > MAX_NESTING_DEPTH) return { depth: d, node };
      for (const item of node.items) {
        if (isPair(item)) {
          if (collectionKey === undefined && (isMap(item.key) || isSeq(item.key))) collectionKey = item.key;
          stack.push({ node: item.key, depth: d });
          stack.push({ node: item.value, depth: d });
        } else {
          stack.push({ node: item, depth: d });
        }
      }
    }
  }
  return { depth: max, ...(collectionKey ? { collectionKey } : {}) };
}

/** Parses a YAML stream with Go-compatible scalar rules; syntax errors become problems. */
export function parseYamlStream(text: string): YamlStream {
  const lineCounter = new LineCounter();
  const tooDeep = excessiveBracketOffset(text);
  if (tooDeep !== undefined) {
    // Still count lines so the position can be reported.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    return {
      documents: [],
      lineCounter,
      problems: [{ path: '', ...positionAt(lineCounter, tooDeep), message: 'YAML nesting is too deep' }],
    };
  }
  const parsed = parseAllDocuments(text, { ...GO_COMPAT_PARSE_OPTIONS, lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const doc of documents) {
    for (const err of doc.errors) {
      const problem = syntaxProblem(lineCounter, err);
      const id = `${problem.line}:${problem.message}`;
      if (!seen.has(id)) problems.push(problem);
      seen.add(id);
    }
    if (doc.errors.length === 0) {
      const { depth, node, collectionKey } = nestingDepth(doc.contents);
      if (depth > MAX_NESTING_DEPTH) {
        problems.push({
          path: '',
          ...(node ? nodePosition(lineCounter, node) : {}),
          message: `YAML nesting is deeper than ${MAX_NESTING_DEPTH} levels`,
        });
      } else if (collectionKey) {
        problems.push({
          path: '',
          ...nodePosition(lineCounter, collectionKey),
          message: 'a mapping key must be a scalar, not a list or a mapping',
        });
      }
    }
  }
  return { documents, lineCounter, problems };
}

/** Position of the first character of a node, when the node came from the source. */
export function nodePosition(lc: LineCounter, node: Node | null | undefined): Partial<Position> {
  const start = node?.range?.[0];
  return start === undefined ? {} : positionAt(lc, start);
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 64; hops++) current = current.resolve(doc);
  return current;
}

/** Text of a scalar value the way a map key or a Go string field would see it. */
function primitiveText(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? primitiveText(key.value) : undefined;
}

function findPair(
  doc: Document.Parsed,
  map: unknown,
  key: string,
  seen = 0,
): { key: Node; value: unknown } | undefined {
  const m = deref(doc, map);
  if (!isMap(m) || seen > 16) return undefined;
  for (const pair of m.items) {
    if (keyText(pair.key) === key) return { key: pair.key as Node, value: pair.value };
  }
  // Keys brought in by `<<` merge keys.
  for (const pair of m.items) {
    if (keyText(pair.key) !== '<<') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const found = findPair(doc, source, key, seen + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export interface Located {
  /** Deepest node reached along the path. */
  node?: Node;
  /** Mapping key node for the last segment, when the whole path was found in a mapping. */
  key?: Node;
  /** Whether the whole path was resolved. */
  exact: boolean;
}

/** Finds the YAML node for a data path, or the closest ancestor that exists. */
export function locate(doc: Document.Parsed, path: readonly PathSegment[]): Located {
  let current: unknown = doc.contents;
  let located: Located = { node: (doc.contents as Node | null) ?? undefined, exact: path.length === 0 };
  for (const [i, segment] of path.entries()) {
    const container = deref(doc, current);
    let next: unknown;
    let key: Node | undefined;
    if (typeof segment === 'number' && isSeq(container)) {
      next = container.items[segment];
    } else if (isMap(container)) {
      const pair = findPair(doc, container, String(segment));
      next = pair?.value;
      key = pair?.key;
      if (pair && (next === null || next === undefined)) {
        return { node: key, key, exact: i === path.length - 1 };
      }
    }
    if (next === undefined || next === null) return { ...located, exact: false };
    current = next;
    const node = deref(doc, next) as Node;
    located = { node, exact: i === path.length - 1, ...(key ? { key } : {}) };
  }
  return located;
}

/** The raw text of a plain/quoted scalar at `path`, as Go would hand it to a string field. */
export function scalarSource(doc: Document.Parsed, path: readonly PathSegment[]): string | undefined {
  const { node, exact } = locate(doc, path);
  if (!exact || !isScalar(node)) return undefined;
  if (typeof node.source === 'string') return node.source;
  return node.value === null ? undefined : primitiveText(node.value);
}

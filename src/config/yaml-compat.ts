// YAML scalar rules matching the Go YAML decoder that Talos uses (go.yaml.in/yaml/v4).
//
// The JavaScript `yaml` library follows the YAML 1.2 core schema. Go's decoder differs in a few
// places that matter for machine configs:
//   - integers are read the way Go's strconv.ParseInt(s, 0, 64) reads them after every `_` is
//     removed, so `0644` is octal (420), `0x1F`, `0o17` and `0b101` work and `1_000` is 1000;
//   - a typed bool field also accepts the YAML 1.1 words y/yes/on and n/no/off (any case form
//     listed below), but only when the target field is a boolean;
//   - a typed string field accepts any scalar and keeps its source text (`hostname: 123` is "123").
// The first rule is applied while parsing (a custom int tag); the other two are applied by the
// schema validator when the schema says the field is a boolean or a string.

import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, Tags } from 'yaml';

const INT_TAG = 'tag:yaml.org,2002:int';

/** Plain scalars that Go's resolver would try to read as an integer. */
const GO_INT_CANDIDATE = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oObB][0-7_]+|[0-9][0-9_]*)$/;

function resolveGoInt(source: string): number | string {
  const sign = source.startsWith('-') ? -1 : 1;
  const unsigned = source.replace(/^[-+]/, '').replace(/_/g, '');
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(unsigned)) value = parseInt(unsigned.slice(2), 16);
  else if (/^0[oO][0-7]+$/.test(unsigned)) value = parseInt(unsigned.slice(2), 8);
  else if (/^0[bB][01]+$/.test(unsigned)) value = parseInt(unsigned.slice(2), 2);
  else if (/^0[0-7]+$/.test(unsigned)) value = parseInt(unsigned.slice(1), 8);
  // Go falls back to a float for things like `09`; the value is the decimal reading.
  else if (/^[0-9]+$/.test(unsigned)) value = parseInt(unsigned, 10);
  // Anything else (e.g. `0b2`) is not a number for Go either: keep it a string.
  else return source;
  return sign * value;
}

const goInt: ScalarTag = {
  identify: (value) => typeof value === 'number' && Number.isInteger(value),
  default: true,
  tag: INT_TAG,
  test: GO_INT_CANDIDATE,
  resolve: (str) => resolveGoInt(str),
};

function replaceIntTags(tags: Tags): Tags {
  return [goInt, ...tags.filter((t) => typeof t !== 'object' || t.tag !== INT_TAG)];
}

/** Bounded number of alias expansions per document; guards against "billion laughs" inputs. */
export const MAX_ALIAS_COUNT = 100;

/** Parse options giving Go-compatible scalars. */
export const GO_COMPAT_PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  customTags: replaceIntTags,
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  strict: true,
  // problems are reported as config errors; the library must not print warnings of its own
  logLevel: 'error',
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

const GO_TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const GO_FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** The boolean Go would decode from a string into a typed bool field, if any. */
export function goBoolFromString(value: string): boolean | undefined {
  if (GO_TRUE_WORDS.has(value)) return true;
  if (GO_FALSE_WORDS.has(value)) return false;
  return undefined;
}

// The built agent loads only what start-up needs: the config parser, its schema validators and the
// YAML library are in chunks loaded on first use, never statically imported from the entry, nor from
// the agent (machined and the API schema) that a node in maintenance runs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../harness/agent';

/** Files reachable from `entry` through static imports (dynamic `import()` excluded). */
function staticClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g))
      visit(resolve(dirname(file), m[1]!));
  };
  visit(entry);
  return seen;
}

describe('start-up bundle', () => {
  it('does not statically load the config model, validators or YAML library', () => {
    const closure = staticClosure(BIN);
    const machined = [...closure.keys()].find((f) => f.includes('machined-command'));
    expect(machined, 'the machined command is a dynamic chunk').toBeUndefined();
    const commandChunk = readFileSync(BIN, 'utf8').match(
      /import\("(\.\/chunks\/machined-command-[^"]+\.js)"\)/,
    )?.[1];
    expect(commandChunk).toBeDefined();
    // the machined command's static chunks, and the agent (machined, the API schema) it imports at start
    const startup = staticClosure(join(dirname(BIN), commandChunk!));
    const agentChunks = new Set<string>();
    for (const [file, text] of startup)
      for (const m of text.matchAll(/import\("(\.{1,2}\/(?:[^"]*\/)?(?:machined|api-schema)-[^"/]+\.js)"\)/g))
        agentChunks.add(resolve(dirname(file), m[1]!));
    expect(agentChunks.size, 'the agent chunks the machined command loads').toBe(2);
    for (const chunk of agentChunks) for (const [file, text] of staticClosure(chunk)) startup.set(file, text);
    for (const [file, text] of startup) {
      expect(text.includes('validate_v1alpha1_Config'), `${file} holds the config validators`).toBe(false);
      expect(text.includes('YAMLParseError'), `${file} holds the YAML library`).toBe(false);
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { builtinPolicy, FAIL_ON_VALUES, LEVELS, PRESET_NAMES, RULE_IDS } from '../../src/policy/index.ts';
import { parsePolicy } from '../../src/policy/load.ts';
import { closest, editDistance } from '../../src/policy/schema.ts';
import { parseSize } from '../../src/common/sizes.ts';
import { RULES } from '../../src/rules/index.ts';
import type { OptionSpec } from '../../src/rules/rule.ts';
import { policyShaped } from './arbitraries.ts';

const DOCS = resolve(import.meta.dirname, '../../docs');
const SCHEMA_PATH = join(DOCS, 'policy.schema.json');
const EXAMPLES = readdirSync(join(DOCS, 'examples')).filter((name) => name.endsWith('.yml'));

// What an editor does: read the file as it ships and validate with a stock validator that
// ignores the editor-only message keywords.
const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
const schema = JSON.parse(schemaText) as SchemaDoc;
const editorAjv = new Ajv({ allowUnionTypes: true, strict: false });
const editorValidate = editorAjv.compile(schema);

interface SchemaDoc {
  $schema: string;
  properties: Record<string, { enum?: string[]; $ref?: string }>;
  definitions: Record<string, Record<string, unknown>>;
}

const today = new Date('2026-11-28T00:00:00Z');

describe('docs/policy.schema.json', () => {
  it('is a valid draft-07 schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(editorAjv.validateSchema(schema)).toBe(true);
  });

  it('names exactly the rule ids, levels, fail-on values and presets the code knows', () => {
    const rules = schema.definitions.rules as { properties: Record<string, { $ref: string }> };
    expect(Object.keys(rules.properties)).toEqual([...RULE_IDS]);
    const exception = schema.definitions.exception as { properties: { rule: { enum: string[] } } };
    expect(exception.properties.rule.enum).toEqual([...RULE_IDS]);
    expect(schema.definitions.level.enum).toEqual([...LEVELS]);
    expect(schema.definitions.failOn.enum).toEqual([...FAIL_ON_VALUES]);
    expect(schema.properties.extends.enum).toEqual([...PRESET_NAMES]);
  });

  // The definition each option is validated with: its kind's, or for a limit `null` removes, the optional one.
  const definitionFor = (spec: OptionSpec): string =>
    spec.optional ? `#/definitions/optional${spec.kind[0].toUpperCase()}${spec.kind.slice(1)}` : `#/definitions/${spec.kind}`;

  it.each(RULE_IDS)('describes %s as its definition does: options, kinds, preset levels and defaults', (id) => {
    const rule = schema.definitions[`rule:${id}`] as {
      else: { required: string[]; properties: Record<string, { $ref: string; description?: string }> };
      description: string;
    };
    expect(schema.definitions.rules.properties).toHaveProperty([id], { $ref: `#/definitions/rule:${id}` });
    expect(rule.else.required).toEqual(['level']);
    const { level, ...options } = rule.else.properties;
    expect(level).toEqual({ $ref: '#/definitions/level' });
    const specs: Record<string, OptionSpec> = RULES[id].options;
    expect(Object.keys(options)).toEqual(Object.keys(specs));
    for (const [key, option] of Object.entries(options)) {
      const spec = specs[key];
      expect(option.$ref, `${id}.${key}`).toBe(definitionFor(spec));
      // Where the presets differ, the description editors show says by how much.
      if (spec.strict !== undefined) {
        const [, recommended, strict] = /recommended: (\S+), strict: (\S+)\.$/.exec(option.description ?? '') ?? [];
        const value = (text: string) => (spec.kind === 'size' ? parseSize(text) : Number(text));
        expect([value(recommended), value(strict)], `${id}.${key}`).toEqual([spec.default, spec.strict]);
      }
    }
    // The description editors show states the preset levels.
    const { recommended, strict } = RULES[id].levels;
    expect(rule.description).toContain(`Recommended: ${recommended}; strict: ${strict}.`);
  });

  it('accepts null exactly for the limits a mapping may remove', () => {
    const nullable = Object.entries(schema.definitions)
      .filter(([, definition]) => Array.isArray(definition.type) && definition.type.includes('null'))
      .map(([name]) => name);
    expect(nullable).toEqual(['optionalSize', 'optionalCount', 'optionalPercent', 'rules', 'imageOverride']);
  });

  it('rejects nothing parsePolicy accepts, and parsePolicy rejects everything it rejects', () => {
    fc.assert(
      fc.property(policyShaped, (value) => {
        let loaded = true;
        try {
          parsePolicy(JSON.stringify(value), 'p.json', { today });
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          loaded = false;
        }
        if (loaded) expect(editorValidate(value)).toBe(true);
        if (!editorValidate(value)) expect(loaded).toBe(false);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

describe('docs/examples', () => {
  it('holds the three examples', () => {
    expect(EXAMPLES.sort()).toEqual(['monorepo.yml', 'recommended.yml', 'strict.yml']);
  });

  it.each(EXAMPLES)('%s points editors at the schema, passes it and loads', (name) => {
    const path = join(DOCS, 'examples', name);
    const text = readFileSync(path, 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    expect(modeline).not.toBeNull();
    expect(resolve(dirname(path), modeline![1])).toBe(SCHEMA_PATH);
    expect(editorValidate(parse(text)), JSON.stringify(editorValidate.errors)).toBe(true);
    const policy = parsePolicy(text, name, { today });
    expect(policy.source).toBe(name);
    expect(policy.expiredExceptions).toEqual([]);
  });

  it('loads monorepo.yml as written', () => {
    const policy = parsePolicy(readFileSync(join(DOCS, 'examples', 'monorepo.yml'), 'utf8'), 'monorepo.yml', { today });
    expect(policy.images.map((entry) => entry.glob)).toEqual(['ghcr.io/acme/tools-*', '**/*-debug', 'ghcr.io/acme/api*', 'ghcr.io/acme/web']);
    expect(policy.exceptions.map((exception) => [exception.rule, exception.until])).toEqual([
      ['no-setuid', '2027-03-01'],
      ['non-root-user', '2027-01-31'],
    ]);
    expect(policy.rules['size-increase'].options).toEqual({ percent: 10, bytes: 20_000_000 });
  });

  it('loads every YAML block in docs/policy.md', () => {
    const markdown = readFileSync(join(DOCS, 'policy.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks.length).toBe(5);
    for (const block of blocks) {
      const value: unknown = parse(block);
      if (value !== null) expect(editorValidate(value), block).toBe(true);
      expect(() => parsePolicy(block, 'policy.md', { today })).not.toThrow();
    }
  });

  it('shows in docs/policy.md the messages the loader gives for mistakes in its first example', () => {
    const markdown = readFileSync(join(DOCS, 'policy.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(markdown)![1];
    const shown = /Typical mistakes[^`]*```\n([\s\S]*?)```/.exec(markdown)![1].trim().split('\n');
    const mistakes = [
      example.replace('  no-shell: error', '  no-shel: error'),
      example.replace('compressed: 80MB', 'compressed: 80 parsecs'),
      example.replace('fail-on: error', 'fail-on: errors'),
      example.replace(/, reason: .needs raw sockets./, ''),
      example.replace('  no-shell: error', '  no-shell: error\n  no-shell: warning'),
    ];
    expect(
      mistakes.map((text) => {
        try {
          parsePolicy(text, '.github/distroless.yml');
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      }),
    ).toEqual(shown);
  });

  it('keeps the presets table in docs/policy.md in step with the presets', () => {
    const markdown = readFileSync(join(DOCS, 'policy.md'), 'utf8');
    const rows = [...markdown.matchAll(/^\| `([a-z-]+)` +\| (off|warning|error) +\| (off|warning|error) +\|/gm)];
    expect(rows.map((row) => row[1])).toEqual([...RULE_IDS]);
    for (const [, id, recommended, strict] of rows) {
      const rule = id as (typeof RULE_IDS)[number];
      expect([id, builtinPolicy('recommended').rules[rule].level, builtinPolicy('strict').rules[rule].level]).toEqual([id, recommended, strict]);
    }
  });

  const monorepo = readFileSync(join(DOCS, 'examples', 'monorepo.yml'), 'utf8');
  const strict = readFileSync(join(DOCS, 'examples', 'strict.yml'), 'utf8');

  // Each mutation of a good example must be caught by the editor and by the loader alike.
  it.each([
    ['a misspelt rule', strict.replace('max-layers:', 'max-layer:')],
    ['a size with an unknown unit', strict.replace('80MB', '80 parsecs')],
    ['a level that is not one', monorepo.replace('no-world-writable: warning', 'no-world-writable: warn')],
    ['a fail-on that is not one', monorepo.replace('fail-on: never', 'fail-on: sometimes')],
    ['an exception without reason', monorepo.replace(/ {4}reason: .runs once.*\n/, '')],
    ['a date in another form', monorepo.replace('2027-01-31', '31/01/2027')],
    ['a relative path glob', monorepo.replace('path: /usr/bin/ping', 'path: usr/bin/ping')],
    ['an unknown option', strict.replace('max: 20', 'maximum: 20')],
    ['a label pattern that is a list', strict.replace(/(image\.revision: ).*/, '$1[a, b]')],
    ['a top-level key misspelt', monorepo.replace('exceptions:', 'exception:')],
  ])('rejects the examples with %s', (_, text) => {
    expect(editorValidate(parse(text))).toBe(false);
    expect(() => parsePolicy(text, 'broken.yml', { today })).toThrow(UserError);
  });

  // What the schema cannot say is checked in code, where the policy is loaded.
  it.each([
    ['a date that does not exist', monorepo.replace('2027-01-31', '2027-02-31'), 'exceptions[1].until'],
    ['a size too large to count', strict.replace('200MB', '99999999TB'), 'rules.max-size.uncompressed'],
    ['a fraction of a byte', strict.replace('200MB', '"200.5"'), 'rules.max-size.uncompressed'],
    ['a regular expression that does not compile', strict.replace('[0-9a-f]{40}', '[0-9a-f{40'), 'rules.required-labels.labels'],
    ['a rule on without its limit', strict.replace('max-layers: { level: warning, max: 20 }', 'max-layers: warning'), 'rules.max-layers'],
  ])('passes the schema but not the loader with %s', (_, text, where) => {
    expect(editorValidate(parse(text))).toBe(true);
    expect(() => parsePolicy(text, 'broken.yml', { today })).toThrow(where);
  });
});

describe('did you mean', () => {
  it.each([
    ['no-shel', 'no-shell'],
    ['noshell', 'no-shell'],
    ['No-Shell', 'no-shell'],
    ['no-sehll', 'no-shell'],
    ['max_size', 'max-size'],
    ['failon', 'fail-on'],
    ['exception', 'exceptions'],
    ['rule', 'rules'],
    ['file', undefined],
    ['colour', undefined],
    ['be-nice', undefined],
  ])('%s suggests %s', (word, expected) => {
    expect(closest(word, [...RULE_IDS, 'extends', 'fail-on', 'rules', 'images', 'exceptions'])).toBe(expected);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('no-sehll', 'no-shell')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

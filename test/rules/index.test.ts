import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseSize } from '../../src/common/sizes.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import { factOptionsFor, RULE_IDS, RULE_LIST, RULES, type RuleOptionsMap } from '../../src/rules/index.ts';

const RULES_MD = readFileSync(resolve(import.meta.dirname, '../../docs/rules.md'), 'utf8');

describe('the rule catalog', () => {
  it('keys every rule by its id, in docs order', () => {
    expect(RULE_LIST.map((rule) => rule.id)).toEqual(RULE_IDS);
    for (const rule of RULE_LIST) expect(RULES[rule.id]).toBe(rule);
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
  });

  it('types the options each rule receives from its option specs: a limit null removes may be undefined', () => {
    expectTypeOf<RuleOptionsMap['wasted-space']>().toEqualTypeOf<{ max: number }>();
    expectTypeOf<RuleOptionsMap['size-increase']>().toEqualTypeOf<{ bytes?: number; percent?: number }>();
    expectTypeOf<RuleOptionsMap['required-labels']>().toEqualTypeOf<{ labels: Record<string, string> }>();
  });

  it.each(RULE_LIST)('$id: an option without a default is a limit a policy may leave unset', (rule) => {
    for (const spec of Object.values(rule.options)) if (spec.default === undefined) expect(spec.optional).toBe(true);
  });

  it('asks fact gathering for extra names always, and for path globs only when forbidden-paths is on', () => {
    const strict = builtinPolicy('strict').rules;
    strict['no-shell'].options.shells = ['nu'];
    expect(factOptionsFor(strict)).toEqual({
      extraShells: ['nu'],
      extraPackageManagers: [],
      extraBuildTools: [],
      pathGlobs: strict['forbidden-paths'].options.paths,
    });
    const recommended = builtinPolicy('recommended').rules;
    expect(factOptionsFor(recommended)).toEqual({ extraShells: [], extraPackageManagers: [], extraBuildTools: [] });
  });
});

describe('docs/rules.md', () => {
  it('lists every rule in its preset table with the levels the rule defines, linking to its section', () => {
    const cell = '(off|warning|error)(?: \\(([^)]+)\\))? *';
    const rows = [...RULES_MD.matchAll(new RegExp(`^\\| \\[\`([a-z-]+)\`\\]\\(#([a-z-]+)\\) +\\| ${cell}\\| ${cell}\\|$`, 'gm'))];
    expect(rows.map((row) => row[1])).toEqual(RULE_IDS);
    for (const [, id, anchor, recommended, recommendedValue, strict, strictValue] of rows) {
      const rule = RULES[id as (typeof RULE_IDS)[number]];
      expect({ id, anchor, recommended, strict }).toEqual({ id, anchor: rule.anchor, ...rule.levels });
      // `warning (10MB)`: the option whose default the presets set apart.
      const differing = Object.values(rule.options).filter((spec) => spec.strict !== undefined);
      const value = (text: string) => (text.endsWith('%') ? Number(text.slice(0, -1)) : parseSize(text));
      expect([recommendedValue, strictValue].filter(Boolean).map(value), id).toEqual(differing.flatMap((spec) => [spec.default, spec.strict]));
    }
  });

  it('has the section each rule names as its anchor, in catalog order', () => {
    // GitHub's anchor for a heading of lower-case words and dashes is the heading itself.
    const headings = [...RULES_MD.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings.filter((heading) => /^[a-z-]+$/.test(heading))).toEqual(RULE_LIST.map((rule) => rule.anchor));
  });
});

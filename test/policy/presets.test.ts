import { describe, expect, it } from 'vitest';
import { builtinPolicy, RULE_IDS } from '../../src/policy/index.ts';
import { presetRules } from '../../src/policy/presets.ts';
import { DEFAULT_FORBIDDEN_PATHS } from '../../src/rules/forbidden-paths.ts';

// The table from the policy reference, written out again so a change to either shows up here.
const TABLE = [
  ['no-shell', 'error', 'error'],
  ['no-package-manager', 'error', 'error'],
  ['non-root-user', 'error', 'error'],
  ['exec-form-entrypoint', 'error', 'error'],
  ['entrypoint-runnable', 'error', 'error'],
  ['no-setuid', 'warning', 'error'],
  ['no-secrets-in-env', 'error', 'error'],
  ['no-secret-files', 'error', 'error'],
  ['no-secrets-in-history', 'error', 'error'],
  ['no-world-writable', 'off', 'warning'],
  ['forbidden-paths', 'off', 'error'],
  ['max-size', 'off', 'off'],
  ['max-layers', 'off', 'off'],
  ['wasted-space', 'warning', 'error'],
  ['size-increase', 'warning', 'error'],
  ['allowed-base-images', 'off', 'off'],
  ['required-labels', 'off', 'off'],
  ['no-build-leftovers', 'warning', 'error'],
  ['ca-certificates', 'warning', 'warning'],
  ['no-build-tools', 'error', 'error'],
  ['required-paths', 'off', 'off'],
] as const;

describe('presets', () => {
  it('lists the rule ids in table order', () => {
    expect(RULE_IDS).toEqual(TABLE.map(([id]) => id));
  });

  it.each(TABLE)('%s is %s in recommended, %s in strict, off in none', (id, recommended, strict) => {
    expect(builtinPolicy('recommended').rules[id].level).toBe(recommended);
    expect(builtinPolicy('strict').rules[id].level).toBe(strict);
    expect(builtinPolicy('none').rules[id].level).toBe('off');
  });

  it('fills in the options each preset chooses', () => {
    const recommended = builtinPolicy('recommended').rules;
    const strict = builtinPolicy('strict').rules;
    expect(recommended['wasted-space'].options).toEqual({ max: 10_000_000 });
    expect(strict['wasted-space'].options).toEqual({ max: 1_000_000 });
    expect(recommended['size-increase'].options).toEqual({ percent: 10 });
    expect(strict['size-increase'].options).toEqual({ percent: 5 });
    expect(recommended['no-shell'].options).toEqual({ shells: [] });
    expect(recommended['no-secrets-in-env'].options).toEqual({ names: [], allow: [] });
    expect(recommended['required-labels'].options).toEqual({ labels: {} });
    expect(recommended['max-size'].options).toEqual({});
    expect(strict['forbidden-paths'].options.paths).toEqual([
      '**/bin/curl',
      '**/bin/wget',
      '**/bin/nc',
      '**/bin/ncat',
      '**/bin/netcat',
      '**/bin/ssh',
      '**/bin/scp',
      '**/bin/telnet',
      '**/bin/sudo',
      '**/bin/su',
      '**/bin/doas',
    ]);
    expect(DEFAULT_FORBIDDEN_PATHS).toEqual(strict['forbidden-paths'].options.paths);
  });

  it('describes a built-in policy without a file', () => {
    expect(builtinPolicy('strict')).toEqual({
      source: 'built-in strict',
      extends: 'strict',
      failOn: 'error',
      rules: presetRules('strict'),
      images: [],
      exceptions: [],
      expiredExceptions: [],
    });
  });

  it('hands out a fresh copy each time', () => {
    const first = presetRules('recommended');
    first['no-shell'].options.shells.push('fish');
    first['forbidden-paths'].options.paths.length = 0;
    expect(presetRules('recommended')['no-shell'].options.shells).toEqual([]);
    expect(presetRules('recommended')['forbidden-paths'].options.paths).toHaveLength(11);
  });
});

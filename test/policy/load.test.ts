import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { RULE_IDS, builtinPolicy } from '../../src/policy/index.ts';
import { loadPolicy, parsePolicy } from '../../src/policy/load.ts';
import { FILE, errorOf } from './policy-errors.ts';
import { policyShaped } from './arbitraries.ts';

describe('error positions and wording', () => {
  it.each([
    [
      'an unknown rule, with the rule it is closest to',
      'extends: recommended\nfail-on: error\nrules:\n  no-shel: error\n',
      `${FILE}:4:3: rules.no-shel: unknown rule; did you mean no-shell?`,
    ],
    ['an unknown rule nothing is close to', 'rules:\n  be-nice: error\n', `${FILE}:2:3: rules.be-nice: unknown rule; expected one of ${RULE_IDS.join(', ')}`],
    ['an unknown top-level key', 'failon: warning\n', `${FILE}:1:1: failon: unknown key; did you mean fail-on?`],
    ['a singular top-level key', 'rules: {}\nexception: []\n', `${FILE}:2:1: exception: unknown key; did you mean exceptions?`],
    [
      'an unknown top-level key nothing is close to',
      'colour: blue\n',
      `${FILE}:1:1: colour: unknown key; expected extends, fail-on, rules, images, exceptions`,
    ],
    [
      'an unknown option, with the closest one',
      'rules:\n  max-size: { level: error, compresed: 80MB }\n',
      `${FILE}:2:29: rules.max-size.compresed: unknown option of max-size; did you mean compressed?`,
    ],
    [
      'an option on a rule without options',
      'rules:\n  exec-form-entrypoint: { level: error, users: [app] }\n',
      `${FILE}:2:41: rules.exec-form-entrypoint.users: unknown option: exec-form-entrypoint takes no options, only level`,
    ],
    [
      'a flag that is not true or false',
      'rules:\n  non-root-user: { level: error, numeric: yes }\n',
      `${FILE}:2:43: rules.non-root-user.numeric: expected true or false, got the string "yes"`,
    ],
    [
      'a size that is not one',
      'rules:\n  max-size: { level: error, compressed: 80 parsecs }\n',
      `${FILE}:2:41: rules.max-size.compressed: "80 parsecs" is not a size (examples: 80MB, 1.5GiB)`,
    ],
    [
      'a fraction of a byte',
      'rules:\n  max-size:\n    level: error\n    uncompressed: "1.5"\n',
      `${FILE}:4:19: rules.max-size.uncompressed: "1.5" is not a whole number of bytes`,
    ],
    [
      'a size that is a fraction',
      'rules:\n  wasted-space: { level: error, max: 1.5 }\n',
      `${FILE}:2:38: rules.wasted-space.max: expected a size such as 80MB or 1.5GiB, or a whole number of bytes, got the number 1.5`,
    ],
    ['fail-on misspelt', 'fail-on: warnin\n', `${FILE}:1:10: fail-on: expected one of error, warning, never, new-error, new-warning; did you mean warning?`],
    ['fail-on unknown', 'fail-on: sometimes\n', `${FILE}:1:10: fail-on: expected one of error, warning, never, new-error, new-warning`],
    ['extends unknown', 'extends: lax\n', `${FILE}:1:10: extends: expected one of recommended, strict, none`],
    ['a level misspelt', 'rules:\n  no-shell: eror\n', `${FILE}:2:13: rules.no-shell: expected one of off, warning, error; did you mean error?`],
    [
      'a rule without a value',
      'rules:\n  no-shell:\n',
      `${FILE}:2:3: rules.no-shell: expected a level (off, warning, error) or a mapping with level and options, got nothing`,
    ],
    ['a rule mapping without level', 'rules:\n  max-layers: { max: 3 }\n', `${FILE}:2:15: rules.max-layers: missing level (off, warning or error)`],
    [
      'a rule turned on without its limit',
      'rules:\n  max-size: error\n',
      `${FILE}:2:13: rules.max-size: turned on without a limit; set compressed, uncompressed or both`,
    ],
    [
      'required-labels on without labels',
      'rules:\n  required-labels: { level: error, labels: {} }\n',
      `${FILE}:2:20: rules.required-labels: turned on without labels; list the required labels`,
    ],
    [
      'allowed-base-images on without images',
      'rules:\n  allowed-base-images: warning\n',
      `${FILE}:2:24: rules.allowed-base-images: turned on without images; list the allowed base image globs`,
    ],
    [
      'both size-increase limits removed',
      'rules:\n  size-increase: { level: error, percent: null }\n',
      `${FILE}:2:18: rules.size-increase: turned on without a limit; set bytes, percent or both`,
    ],
    ['rules as a list', 'rules: [no-shell]\n', `${FILE}:1:8: rules: expected a mapping, got a list`],
    ['a document that is a list', '- no-shell\n', `${FILE}:1:1: expected a mapping with keys such as extends, fail-on, rules, images, exceptions, got a list`],
    [
      'a document that is a string',
      'strict\n',
      `${FILE}:1:1: expected a mapping with keys such as extends, fail-on, rules, images, exceptions, got the string "strict"`,
    ],
    [
      'a path glob that is not absolute',
      'rules:\n  forbidden-paths:\n    level: error\n    paths:\n      - /usr/bin/curl\n      - usr/bin/wget\n',
      `${FILE}:6:9: rules.forbidden-paths.paths[1]: "usr/bin/wget" does not start with / or ** (paths in images are absolute)`,
    ],
    ['an empty name in a list', 'rules:\n  no-shell: { level: error, shells: [fish, ""] }\n', `${FILE}:2:44: rules.no-shell.shells[1]: must not be empty`],
    [
      'a label regex that does not compile',
      'rules:\n  required-labels:\n    level: error\n    labels:\n      org.opencontainers.image.version: "^v[0-9+"\n',
      `${FILE}:5:41: rules.required-labels.labels["org.opencontainers.image.version"]: "^v[0-9+" is not a valid regular expression: Invalid regular expression: /^v[0-9+/: Unterminated character class`,
    ],
    [
      'an empty label name',
      'rules:\n  required-labels: { level: error, labels: { "": x } }\n',
      `${FILE}:2:46: rules.required-labels.labels[""]: a key must not be empty`,
    ],
    ['max-layers that is not a whole number', 'rules:\n  max-layers: { level: error, max: 0 }\n', `${FILE}:2:36: rules.max-layers.max: must be >= 1`],
    [
      'an exception without reason',
      'exceptions:\n  - rule: no-setuid\n    path: /usr/bin/ping\n',
      `${FILE}:2:5: exceptions[0]: missing reason (why the exception is needed)`,
    ],
    [
      'an exception with a blank reason',
      'exceptions:\n  - { rule: no-setuid, reason: "  " }\n',
      `${FILE}:2:32: exceptions[0].reason: "  " is blank: say why the exception is needed`,
    ],
    [
      'an exception for an unknown rule',
      'exceptions:\n  - { rule: no-setuids, reason: ping }\n',
      `${FILE}:2:13: exceptions[0].rule: unknown rule "no-setuids"; did you mean no-setuid?`,
    ],
    [
      'an exception date in the wrong form',
      'exceptions:\n  - { rule: no-setuid, reason: ping, until: 1/3/2027 }\n',
      `${FILE}:2:45: exceptions[0].until: "1/3/2027" is not a date in the form YYYY-MM-DD`,
    ],
    [
      'an exception date that does not exist',
      'exceptions:\n  - { rule: no-setuid, reason: ping, until: 2027-02-29 }\n',
      `${FILE}:2:45: exceptions[0].until: "2027-02-29" is not a date in the calendar`,
    ],
    [
      'an unknown exception key',
      'exceptions:\n  - { rule: no-setuid, reason: ping, file: /bin/ping }\n',
      `${FILE}:2:38: exceptions[0].file: unknown key; expected rule, path, image, fingerprint, reason, until`,
    ],
    [
      'an image override with a misspelt key',
      'images:\n  "ghcr.io/acme/*":\n    rule: { no-shell: warning }\n',
      `${FILE}:3:5: images["ghcr.io/acme/*"].rule: unknown key; did you mean rules?`,
    ],
    [
      'an unknown rule in an image override',
      'images:\n  "ghcr.io/acme/*":\n    rules: { no-shel: warning }\n',
      `${FILE}:3:14: images["ghcr.io/acme/*"].rules.no-shel: unknown rule; did you mean no-shell?`,
    ],
    [
      'an override that turns a rule on without its limit',
      'images:\n  "ghcr.io/acme/*":\n    rules: { max-layers: error }\n',
      `${FILE}:3:26: images["ghcr.io/acme/*"].rules.max-layers: turned on without a limit; set max`,
    ],
    ['an empty image glob', 'images:\n  "": {}\n', `${FILE}:2:3: images[""]: a key must not be empty`],
  ])('%s', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('quotes long values shortened, keeping the message one short line', () => {
    const glob = `/${'a'.repeat(70_000)}`;
    expect(errorOf(`rules:\n  forbidden-paths: { level: error, paths: ["${glob}"] }\n`)).toBe(
      `${FILE}:2:44: rules.forbidden-paths.paths[0]: "/${'a'.repeat(57)}… is not a valid glob: Input length: 70001, exceeds maximum allowed length: 65536`,
    );
    expect(errorOf(`rules:\n  max-size: { level: error, compressed: "${'9'.repeat(400)}" }\n`)).toBe(
      `${FILE}:2:41: rules.max-size.compressed: "${'9'.repeat(58)}… is too large`,
    );
    expect(errorOf(`images:\n  "${'x'.repeat(100)}": { rules: { no-shel: off } }\n`)).toBe(
      `${FILE}:2:118: images["${'x'.repeat(58)}…].rules.no-shel: unknown rule; did you mean no-shell?`,
    );
  });

  it('points inside anchored content when the value comes through an alias', () => {
    const text = 'x-sizes: &limits { level: error, compressed: 80 parsecs }\nrules:\n  max-size: *limits\n';
    // The top-level key is unknown first; without it the alias target is reported where it is written.
    expect(errorOf(text)).toBe(`${FILE}:1:1: x-sizes: unknown key; expected extends, fail-on, rules, images, exceptions`);
    expect(errorOf('rules:\n  max-size: &limits { level: error, compressed: 80 parsecs }\n  max-layers: *limits\n')).toBe(
      `${FILE}:2:49: rules.max-size.compressed: "80 parsecs" is not a size (examples: 80MB, 1.5GiB)`,
    );
  });
});

describe('YAML itself', () => {
  it.each([
    [
      'an unclosed flow sequence',
      'rules: [no-shell\n',
      `${FILE}:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
    ['an unclosed quote', 'fail-on: "error\n', `${FILE}:2:1: invalid YAML: Missing closing "quote`],
    ['a tab as indentation', 'rules:\n\tno-shell: error\n', `${FILE}:2:1: invalid YAML: Tabs are not allowed as indentation`],
    ['two documents', 'extends: strict\n---\nfail-on: never\n', `${FILE}:2:1: expected one YAML document, found more (remove the extra ---)`],
    ['a duplicate key', 'rules:\n  no-shell: error\n  no-shell: warning\n', `${FILE}:3:3: duplicate key "no-shell" (a key may appear once per mapping)`],
    ['a duplicate top-level key', 'fail-on: error\nrules: {}\nfail-on: never\n', `${FILE}:3:1: duplicate key "fail-on" (a key may appear once per mapping)`],
    ['an unknown tag', 'fail-on: !sometimes error\n', `${FILE}:1:10: invalid YAML: Unresolved tag: !sometimes`],
    ['a set', 'rules: !!set { no-shell }\n', `${FILE}:1:14: the YAML tag !!set is not supported in a policy`],
    ['binary data', 'exceptions:\n  - { rule: no-shell, reason: !!binary aGk= }\n', `${FILE}:2:40: the YAML tag !!binary is not supported in a policy`],
    ['a list as a key', '? [rules]\n: {}\n', `${FILE}:1:3: a key must be a plain string, not a list, mapping or alias`],
    [
      'an alias before its anchor',
      'rules:\n  no-shell: *level\n',
      `${FILE}:2:13: invalid YAML: Unresolved alias (the anchor must be set before the alias): level`,
    ],
  ])('%s', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('stops a billion-laughs alias bomb quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    expect(errorOf(lines.join('\n'))).toBe(`${FILE}:2:8: too many alias expansions (more than 100): the document looks like an alias bomb`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('allows a few aliases, which share lists legitimately', () => {
    const text = [
      'rules:',
      '  no-shell: &warn warning',
      '  no-setuid: *warn',
      '  forbidden-paths: { level: error, paths: &tools ["**/bin/curl", "**/bin/wget"] }',
      '  allowed-base-images: { level: error, images: *tools }',
    ].join('\n');
    const policy = parsePolicy(text, FILE);
    expect(policy.rules['no-setuid'].level).toBe('warning');
    expect(policy.rules['allowed-base-images'].options.images).toEqual(['**/bin/curl', '**/bin/wget']);
  });

  it('reads YAML 1.2 even under a %YAML 1.1 directive, so off stays a level', () => {
    const policy = parsePolicy('%YAML 1.1\n---\nrules:\n  no-shell: off\n', FILE);
    expect(policy.rules['no-shell'].level).toBe('off');
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    expect(errorOf(`# ${'x'.repeat(1024 * 1024)}\n`)).toBe(`${FILE}: the policy file is larger than 1 MiB`);
  });

  it.each([
    ['an empty file', ''],
    ['comments only', '# nothing yet\n'],
    ['a lone document marker', '---\n'],
    ['null', '~\n'],
  ])('treats %s as the recommended defaults', (_, text) => {
    expect(parsePolicy(text, FILE)).toEqual({ ...builtinPolicy('recommended'), source: FILE });
  });

  it('treats empty sections as nothing to change', () => {
    const policy = parsePolicy('rules:\nimages:\nexceptions:\n', FILE);
    expect(policy).toEqual({ ...builtinPolicy('recommended'), source: FILE });
  });
});

describe('parsePolicy', () => {
  it('reads the example from the brief', () => {
    const text = [
      'extends: recommended',
      'fail-on: error',
      'rules:',
      '  no-shell: error',
      '  max-size: { level: error, compressed: 80MB, uncompressed: 200MB }',
      '  forbidden-paths: { level: error, paths: ["/usr/bin/curl", "/usr/bin/wget", "**/*.pem"] }',
      'images:',
      '  "ghcr.io/acme/tools-*": { rules: { no-shell: warning } }',
      'exceptions:',
      '  - { rule: no-setuid, path: /usr/bin/ping, reason: "needs raw sockets", until: 2027-03-01 }',
    ].join('\n');
    const policy = parsePolicy(text, FILE, { today: new Date('2026-11-28T12:00:00Z') });
    expect(policy.source).toBe(FILE);
    expect(policy.extends).toBe('recommended');
    expect(policy.failOn).toBe('error');
    expect(policy.rules['max-size']).toEqual({ level: 'error', options: { compressed: 80_000_000, uncompressed: 200_000_000 } });
    expect(policy.rules['forbidden-paths']).toEqual({
      level: 'error',
      options: { paths: ['/usr/bin/curl', '/usr/bin/wget', '**/*.pem'] },
    });
    expect(policy.images).toEqual([{ glob: 'ghcr.io/acme/tools-*', rules: { 'no-shell': { level: 'warning', options: {} } } }]);
    expect(policy.exceptions).toEqual([{ rule: 'no-setuid', path: '/usr/bin/ping', reason: 'needs raw sockets', until: '2027-03-01', source: `${FILE}:10` }]);
    expect(policy.expiredExceptions).toEqual([]);
  });

  it('keeps preset options a level-only entry does not mention, and replaces those it does', () => {
    const policy = parsePolicy('extends: strict\nrules:\n  wasted-space: warning\n  size-increase: { level: warning, bytes: 5MB }\n', FILE);
    expect(policy.rules['wasted-space']).toEqual({ level: 'warning', options: { max: 1_000_000 } });
    expect(policy.rules['size-increase']).toEqual({ level: 'warning', options: { percent: 5, bytes: 5_000_000 } });
  });

  it('removes an inherited limit set to null', () => {
    const policy = parsePolicy('rules:\n  size-increase: { level: error, bytes: 1MiB, percent: null }\n', FILE);
    expect(policy.rules['size-increase']).toEqual({ level: 'error', options: { bytes: 1_048_576 } });
  });

  it('turns null label patterns into presence checks', () => {
    const policy = parsePolicy('rules:\n  required-labels: { level: error, labels: { a: ~, b: "", c: "^x$" } }\n', FILE);
    expect(policy.rules['required-labels'].options.labels).toEqual({ a: '', b: '', c: '^x$' });
  });
});

describe('loadPolicy', () => {
  it('reads the file and names it in the policy and in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    try {
      const path = join(dir, 'distroless.yml');
      await writeFile(path, 'extends: none\nfail-on: never\n');
      const policy = await loadPolicy(path);
      expect(policy.source).toBe(path);
      expect(policy.extends).toBe('none');
      expect(policy.failOn).toBe('never');
      await writeFile(path, 'extends: none\nfail-on: nope\n');
      await expect(loadPolicy(path)).rejects.toThrow(new UserError(`${path}:2:10: fail-on: expected one of error, warning, never, new-error, new-warning`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which file it could not read', async () => {
    const path = join(tmpdir(), 'no-such-dir-for-policy', 'distroless.yml');
    await expect(loadPolicy(path)).rejects.toThrow(UserError);
    await expect(loadPolicy(path)).rejects.toThrow(`${path}: cannot read the policy file: ENOENT`);
  });
});

describe('hostile or random input', () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 300);
  const tokens = fc.constantFrom(
    'extends:',
    'fail-on:',
    'rules:',
    'images:',
    'exceptions:',
    'no-shell:',
    'max-size:',
    'level:',
    'compressed:',
    'paths:',
    'labels:',
    'until:',
    'reason:',
    'rule:',
    'error',
    'warning',
    'off',
    'strict',
    '80MB',
    '1.5',
    '-1',
    '2027-02-30',
    '"**/bin/*"',
    '"["',
    '"("',
    '~',
    'null',
    '&a',
    '*a',
    '!!str',
    '!!set',
    '? ',
    ': ',
    '- ',
    '{',
    '}',
    '[',
    ']',
    ',',
    '"',
    "'",
    '#',
    '|',
    '>',
    '---',
    '%YAML 1.1',
    '\n',
    '\n  ',
    '\n    ',
    ' ',
    '\t',
    '__proto__:',
    'constructor:',
  );
  const yamlish = fc.array(fc.oneof({ weight: 5, arbitrary: tokens }, { weight: 1, arbitrary: fc.string() }), { maxLength: 40 }).map((parts) => parts.join(''));
  const structured = fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value));

  it(
    'throws nothing but a one-line UserError',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            yamlish,
            structured,
            policyShaped.map((value) => stringify(value)),
          ),
          (text) => {
            try {
              parsePolicy(text, 'p.yml');
            } catch (error) {
              expect(error).toBeInstanceOf(UserError);
              const message = (error as Error).message;
              expect(message).toMatch(/^p\.yml:\d+:\d+: \S/);
              expect(message).not.toContain('\n');
            }
          },
        ),
        { numRuns: runs },
      );
    },
    60_000 + runs * 10,
  );
});

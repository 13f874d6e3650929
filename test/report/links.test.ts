import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { REPOSITORY_URL, TOOL_VERSION, rulesDocUrls } from '../../src/report/links.ts';

describe('rulesDocUrls', () => {
  it("without an action's variables, links package.json's repository at the version's major tag", () => {
    expect(pkg.repository.url).toBe('git+https://github.com/distroless-guard/distroless-guard.git');
    expect(REPOSITORY_URL).toBe('https://github.com/distroless-guard/distroless-guard');
    const major = TOOL_VERSION.split('.')[0];
    expect(rulesDocUrls({})('no-shell')).toBe(`https://github.com/distroless-guard/distroless-guard/blob/v${major}/docs/rules.md#no-shell`);
    // The runner sets both to empty for a local action (`uses: ./`).
    expect(rulesDocUrls({ GITHUB_ACTION_REPOSITORY: '', GITHUB_ACTION_REF: '' })('no-shell')).toBe(rulesDocUrls({})('no-shell'));
  });

  it.each([
    ['a tag', 'v1', 'https://github.com/someone/guard-fork/blob/v1/docs/rules.md#non-root-user'],
    ['a branch', 'feature/links', 'https://github.com/someone/guard-fork/blob/feature/links/docs/rules.md#non-root-user'],
    ['a branch with # and %', 'fix#1%', 'https://github.com/someone/guard-fork/blob/fix%231%25/docs/rules.md#non-root-user'],
    [
      'a commit',
      '0123456789abcdef0123456789abcdef01234567',
      'https://github.com/someone/guard-fork/blob/0123456789abcdef0123456789abcdef01234567/docs/rules.md#non-root-user',
    ],
  ])("links the action's own repository at %s", (_, ref, url) => {
    expect(rulesDocUrls({ GITHUB_ACTION_REPOSITORY: 'someone/guard-fork', GITHUB_ACTION_REF: ref })('non-root-user')).toBe(url);
  });

  it('falls back to package.json when the repository is missing, malformed, or has no ref', () => {
    const fallback = rulesDocUrls({})('no-setuid');
    expect(rulesDocUrls({ GITHUB_ACTION_REF: 'v1' })('no-setuid')).toBe(fallback);
    expect(rulesDocUrls({ GITHUB_ACTION_REPOSITORY: 'someone/guard-fork' })('no-setuid')).toBe(fallback);
    expect(rulesDocUrls({ GITHUB_ACTION_REPOSITORY: 'evil.example/x/y', GITHUB_ACTION_REF: 'v1' })('no-setuid')).toBe(fallback);
    expect(rulesDocUrls({ GITHUB_ACTION_REPOSITORY: '../../evil', GITHUB_ACTION_REF: 'v1' })('no-setuid')).toBe(fallback);
  });
});

describe('the repository the docs name', () => {
  const ROOT = resolve(import.meta.dirname, '../..');
  const texts = ['README.md', 'docs/policy.md', ...readdirSync(join(ROOT, 'examples/workflows')).map((name) => `examples/workflows/${name}`)].map((path) => [
    path,
    readFileSync(join(ROOT, path), 'utf8'),
  ]);

  it.each(texts)("%s uses the action and its schema from package.json's repository at the version's major tag", (_, text) => {
    const tag = `v${TOOL_VERSION.split('.')[0]}`;
    for (const [uses] of text.matchAll(/uses: \S*distroless-guard\S*/g)) expect(uses).toBe(`uses: distroless-guard/distroless-guard@${tag}`);
    for (const [schema] of text.matchAll(/\$schema=\S+/g)) {
      expect(schema).toBe(`$schema=https://raw.githubusercontent.com/distroless-guard/distroless-guard/${tag}/docs/policy.schema.json`);
    }
  });
});

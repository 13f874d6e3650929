import { describe, expect, it } from 'vitest';
import { findTokens, fingerprintOf, isPlaceholder } from '../../src/facts/secret-tokens.ts';

// Values shaped like real credentials, made up here: none is valid anywhere.
const TOKENS: [string, string][] = [
  ['an AWS access key', 'AKIA2E0A8F3B244C9986'],
  ['a GitHub token', `ghp_${'a1B2'.repeat(9)}`],
  ['a GitHub token', `github_pat_11ABCDEFG0${'a7Kq'.repeat(18)}`],
  ['a GitLab token', 'glpat-Zx81kQ0vB2nM4rT6yU8w'],
  ['a Slack token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['an npm token', `npm_${'Q3x9'.repeat(9)}`],
  ['a PyPI token', `pypi-AgEIcHlwaS5vcmc${'k3J8'.repeat(14)}`],
  ['a Google API key', `AIza${'Sy0-_9Bc'.repeat(4)}Abc`],
  ['a Stripe live key', `sk_live_${'51Hq'.repeat(7)}`],
  ['a private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
];

describe('findTokens', () => {
  it.each(TOKENS)('finds %s inside text, at its position', (kind, token) => {
    const text = `prefix ${token} suffix`;
    const [match, ...rest] = findTokens(text);
    expect(rest).toStrictEqual([]);
    expect(match.kind).toBe(kind);
    expect(text.slice(match.start, match.end)).toBe(kind === 'a private key' ? '-----BEGIN OPENSSH PRIVATE KEY-----' : token);
  });

  it('takes the password of a URL, or the user when the password only says the user is a token', () => {
    const text = 'git clone https://deploy:s3cr3t-Pa55@git.example.com/x.git && curl https://Zq81Tk0p:x-oauth-basic@github.com/';
    expect(findTokens(text).map(({ start, end }) => text.slice(start, end))).toStrictEqual(['s3cr3t-Pa55', 'Zq81Tk0p']);
  });

  it.each([
    'https://user:${PASSWORD}@host/',
    'https://user:$PASSWORD@host/',
    'https://user:<password>@host/',
    `ghp_${'x'.repeat(36)}`,
    'AKIAIOSFODNN7EXAMPLE',
    'see https://example.com:8080/path and user@host',
    'ghp_short',
  ])('leaves out placeholders and near misses: %s', (text) => {
    expect(findTokens(text)).toStrictEqual([]);
  });

  it('calls templates placeholders', () => {
    expect(['${TOKEN}', '$TOKEN', '<token>', '********', '{{ .token }}', 'changeme'].every(isPlaceholder)).toBe(true);
    expect(isPlaceholder('Zq81Tk0pWm')).toBe(false);
  });
});

describe('fingerprintOf', () => {
  it('tells secrets apart without showing a short one', () => {
    const a = fingerprintOf('hunter2-hunter2');
    expect(a).toMatch(/^…\(15 chars, sha256:[0-9a-f]{12}\)$/);
    expect(a).not.toBe(fingerprintOf('hunter2-hunter3'));
    expect(fingerprintOf(`ghp_${'a1B2'.repeat(9)}`)).toMatch(/^ghp_…\(40 chars, sha256:[0-9a-f]{12}\)$/);
  });
});

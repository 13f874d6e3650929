import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../src/common/glob.ts';
import { findException, policyForImage } from '../../src/policy/index.ts';
import { parsePolicy } from '../../src/policy/load.ts';

const FILE = 'distroless.yml';

describe('policyForImage', () => {
  const policy = parsePolicy(
    [
      'fail-on: error',
      'rules:',
      '  no-shell: { level: error, shells: [fish] }',
      '  max-size: { level: error, compressed: 100MB, uncompressed: 300MB }',
      'images:',
      '  "ghcr.io/acme/*":',
      '    fail-on: warning',
      '    rules:',
      '      no-shell: warning',
      '      max-size: { level: error, compressed: 50MB }',
      '  "ghcr.io/acme/tools-*":',
      '    rules:',
      '      no-shell: { level: off, shells: [zsh] }',
      '      max-size: { level: warning, uncompressed: null }',
      '  "docker-archive:*":',
      '    fail-on: never',
    ].join('\n'),
    FILE,
  );

  it('leaves images no glob matches alone', () => {
    expect(policyForImage(policy, { name: 'docker.io/library/app', reference: 'docker-daemon:app:1' })).toEqual({
      failOn: 'error',
      rules: policy.rules,
    });
  });

  it('applies one matching entry on top of the top-level rules', () => {
    const { failOn, rules } = policyForImage(policy, { name: 'ghcr.io/acme/api', reference: 'docker-daemon:ghcr.io/acme/api:1' });
    expect(failOn).toBe('warning');
    expect(rules['no-shell']).toEqual({ level: 'warning', options: { shells: ['fish'] } });
    expect(rules['max-size']).toEqual({ level: 'error', options: { compressed: 50_000_000, uncompressed: 300_000_000 } });
    expect(rules['no-setuid']).toEqual(policy.rules['no-setuid']);
  });

  it('applies every matching entry in file order, each on top of the one before', () => {
    const { failOn, rules } = policyForImage(policy, { name: 'ghcr.io/acme/tools-ci', reference: 'docker-daemon:ghcr.io/acme/tools-ci' });
    expect(failOn).toBe('warning');
    expect(rules['no-shell']).toEqual({ level: 'off', options: { shells: ['zsh'] } });
    expect(rules['max-size']).toEqual({ level: 'warning', options: { compressed: 50_000_000 } });
  });

  it('matches the reference as well as the name', () => {
    const result = policyForImage(policy, { name: 'app', reference: 'docker-archive:app.tar' });
    expect(result.failOn).toBe('never');
    expect(policy.images.map((entry) => entry.glob)).toEqual(['ghcr.io/acme/*', 'ghcr.io/acme/tools-*', 'docker-archive:*']);
  });

  it('does not change the policy it is given', () => {
    const before = structuredClone(policy);
    policyForImage(policy, { name: 'ghcr.io/acme/tools-ci', reference: 'x' });
    expect(policy).toEqual(before);
  });
});

describe('exceptions', () => {
  const text = [
    'exceptions:',
    '  - { rule: no-setuid, path: /usr/bin/ping, reason: raw sockets, until: 2026-06-30 }',
    '  - { rule: no-setuid, path: "/usr/**/ping*", image: "ghcr.io/acme/net*", reason: ping6 too }',
    '  - { rule: no-shell, image: "ghcr.io/acme/tools-*", reason: tooling image }',
    '  - { rule: forbidden-paths, path: "**/.ssh/**", reason: known hosts only, until: 2025-12-31 }',
  ].join('\n');

  it('keeps those in force and reports the expired ones, the last day included', () => {
    const onLastDay = parsePolicy(text, FILE, { today: new Date('2026-06-30T23:59:59Z') });
    expect(onLastDay.exceptions.map((exception) => exception.source)).toEqual([`${FILE}:2`, `${FILE}:3`, `${FILE}:4`]);
    expect(onLastDay.expiredExceptions).toEqual([
      { rule: 'forbidden-paths', path: '**/.ssh/**', reason: 'known hosts only', until: '2025-12-31', source: `${FILE}:5` },
    ]);
    const dayAfter = parsePolicy(text, FILE, { today: new Date('2026-07-01T00:00:00Z') });
    expect(dayAfter.exceptions.map((exception) => exception.source)).toEqual([`${FILE}:3`, `${FILE}:4`]);
    expect(dayAfter.expiredExceptions.map((exception) => exception.source)).toEqual([`${FILE}:2`, `${FILE}:5`]);
  });

  it('finds the first exception in force whose rule, path and image match', () => {
    const policy = parsePolicy(text, FILE, { today: new Date('2026-01-01') });
    const image = 'ghcr.io/acme/netcheck';
    expect(findException(policy, { rule: 'no-setuid', path: '/usr/bin/ping', image })?.source).toBe(`${FILE}:2`);
    expect(findException(policy, { rule: 'no-setuid', path: '/usr/sbin/ping6', image })?.source).toBe(`${FILE}:3`);
    expect(findException(policy, { rule: 'no-setuid', path: '/usr/sbin/ping6', image: 'ghcr.io/acme/web' })).toBeUndefined();
    expect(findException(policy, { rule: 'no-setuid', path: '/bin/su', image })).toBeUndefined();
    // An exception with a path never waives a finding that has none.
    expect(findException(policy, { rule: 'no-setuid', image })).toBeUndefined();
    expect(findException(policy, { rule: 'no-shell', path: '/bin/sh', image: 'ghcr.io/acme/tools-ci' })?.reason).toBe('tooling image');
    expect(findException(policy, { rule: 'no-shell', image: 'ghcr.io/acme/tools-ci' })?.reason).toBe('tooling image');
    expect(findException(policy, { rule: 'no-shell', image: 'ghcr.io/acme/api' })).toBeUndefined();
  });

  it('matches a secret by its fingerprint, with path and until as for any exception', () => {
    const fingerprint = 'ghp_…(40 chars, sha256:0123456789ab)';
    const policy = parsePolicy(
      `exceptions:\n  - { rule: no-secret-files, path: '/app/tests/**', fingerprint: '${fingerprint}', reason: 'test key', until: 2026-06-30 }\n`,
      FILE,
      { today: new Date('2026-01-01') },
    );
    const finding = { rule: 'no-secret-files', path: '/app/tests/key.json', image: 'x' } as const;
    expect(findException(policy, { ...finding, fingerprint })?.fingerprint).toBe(fingerprint);
    expect(findException(policy, { ...finding, fingerprint: 'ghp_…(40 chars, sha256:ba9876543210)' })).toBeUndefined();
    expect(findException(policy, finding)).toBeUndefined();
    expect(findException(policy, { ...finding, path: '/app/key.json', fingerprint })).toBeUndefined();
    const expired = parsePolicy(`exceptions:\n  - { rule: no-secret-files, fingerprint: '${fingerprint}', reason: r, until: 2025-12-31 }\n`, FILE, {
      today: new Date('2026-01-01'),
    });
    expect(findException(expired, { ...finding, fingerprint })).toBeUndefined();
  });

  it('no longer finds an expired exception', () => {
    const early = parsePolicy(text, FILE, { today: new Date('2025-12-31') });
    const late = parsePolicy(text, FILE, { today: new Date('2026-01-01') });
    const finding = { rule: 'forbidden-paths', path: '/root/.ssh/known_hosts', image: 'x' } as const;
    expect(findException(early, finding)?.source).toBe(`${FILE}:5`);
    expect(findException(late, finding)).toBeUndefined();
  });
});

describe('matchesGlob', () => {
  it.each([
    ['**/bin/curl', '/usr/bin/curl', true],
    ['**/bin/curl', '/bin/curl', true],
    ['**/bin/curl', '/usr/bin/curl-config', false],
    ['**/*.pem', '/root/.ssh/id.pem', true],
    ['/etc/*', '/etc/ssl/cert.pem', false],
    ['/etc/**', '/etc/ssl/cert.pem', true],
    ['/usr/bin/{wget,curl}', '/usr/bin/wget', true],
    ['ghcr.io/acme/*', 'ghcr.io/acme/api', true],
    ['ghcr.io/acme/*', 'ghcr.io/acme/team/api', false],
    ['ghcr.io/acme/**', 'ghcr.io/acme/team/api', true],
    ['ghcr.io/acme/api*', 'ghcr.io/acme/api:1.2', true],
  ])('%s against %s is %s', (glob, text, expected) => {
    expect(matchesGlob(glob, text)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT =
  'pass secrets at run time (orchestrator secrets, mounted files) or with RUN --mount=type=secret at build time; ENV is stored in the image for anyone who pulls it';
const AWS = 'AKIA2E0A8F3B244C9986';
const GITHUB = `ghp_${'a1B2'.repeat(9)}`;
const SLACK = 'xoxb-123456789012-abcdefghijkl';
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';

/** `Env` as the image config writes it, split at the first `=` as the facts do. */
const check = (env: string[], options?: { names?: string[]; allow?: string[] }) =>
  checkRule('no-secrets-in-env', makeFacts({ env: env.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]) }), { options });
const finding = (name: string, value: string, why: string) => ({
  message: `ENV ${name}=<redacted, ${value.length} chars> ${why}`,
  setting: 'ENV',
  envName: name,
  hint: HINT,
});

describe('no-secrets-in-env', () => {
  it.each([
    'GITHUB_TOKEN',
    'TOKEN',
    'DB_PASSWORD',
    'db_password',
    'MYSQL_ROOT_PASSWD',
    'AWS_SECRET_ACCESS_KEY',
    'STRIPE_API_KEY',
    'SSH_PRIVATE_KEY',
    'GCP_CREDENTIALS',
  ])('reports a variable named %s', (name) => {
    expect(check(['PATH=/usr/bin', `${name}=hunter2`])).toStrictEqual([finding(name, 'hunter2', 'has a name that suggests a credential')]);
  });

  it.each([
    ['an AWS access key', AWS],
    ['a GitHub token', GITHUB],
    ['a GitHub token', `github_pat_11ABCDEFG0${'a7Kq'.repeat(10)}`],
    ['a Slack token', SLACK],
    ['a private key', KEY],
  ])('reports a value that looks like %s, whatever the name', (shape, value) => {
    expect(check([`SETTING=${value}`])).toStrictEqual([finding('SETTING', value, `holds what looks like ${shape}`)]);
  });

  it('never shows the value', () => {
    const findings = check([`API_TOKEN=${GITHUB}`, `X=${AWS}`, 'PASSWORD=correct horse battery staple']);
    expect(findings.map((f) => f.message)).toStrictEqual([
      'ENV API_TOKEN=<redacted, 40 chars> holds what looks like a GitHub token',
      'ENV X=<redacted, 20 chars> holds what looks like an AWS access key',
      'ENV PASSWORD=<redacted, 28 chars> has a name that suggests a credential',
    ]);
    for (const secret of [GITHUB, AWS, 'correct horse', 'AKIA', 'ghp_']) expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it('passes ordinary variables, empty values and references to secret files', () => {
    expect(
      check([
        'PATH=/usr/local/bin:/usr/bin',
        'NODE_ENV=production',
        'TOKEN_URL=https://auth.example/token',
        'DB_PASSWORD=',
        'DB_PASSWORD_FILE=/run/secrets/db',
        'GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/key.json',
      ]),
    ).toStrictEqual([]);
  });

  it('option `names` adds name globs', () => {
    expect(check(['SENTRY_DSN=https://k@o.ingest/1'])).toStrictEqual([]);
    expect(check(['SENTRY_DSN=https://k@o.ingest/1'], { names: ['*_DSN'] })).toStrictEqual([
      finding('SENTRY_DSN', 'https://k@o.ingest/1', 'has a name that suggests a credential'),
    ]);
  });

  it('option `allow` silences names and shapes alike', () => {
    expect(check(['PUBLIC_TOKEN=abc', `EXAMPLE_KEY=${AWS}`, 'DB_PASSWORD=x'], { allow: ['public_*', 'EXAMPLE_*'] })).toStrictEqual([
      finding('DB_PASSWORD', 'x', 'has a name that suggests a credential'),
    ]);
  });
});

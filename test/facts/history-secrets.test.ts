import { describe, expect, it } from 'vitest';
import { historySecrets, redactCreatedBy, redactedConfig, scanConfig, secretsInCreatedBy } from '../../src/facts/history-secrets.ts';
import { fingerprintOf } from '../../src/facts/secret-tokens.ts';
import type { ImageConfig } from '../../src/image/types.ts';

const NPM = `npm_${'a1B2c3'.repeat(6)}`;
const GITHUB = `ghp_${'Zq9x'.repeat(9)}`;
const GITLAB = `glpat-${'k3Jm'.repeat(5)}`;

/** What each span of `text` holds, as the fact sees it. */
const found = (text: string) =>
  secretsInCreatedBy(text).map((span) => ({ source: span.source, key: span.key, kind: span.kind, value: text.slice(span.start, span.end) }));

describe('secretsInCreatedBy', () => {
  it("reads the classic builder's RUN with build arguments", () => {
    expect(found(`|2 NPM_TOKEN=${NPM} VERSION=1.2 /bin/sh -c npm ci`)).toStrictEqual([
      { source: 'build-arg', key: 'NPM_TOKEN', kind: 'an npm token', value: NPM },
    ]);
  });

  it("reads BuildKit's RUN and ARG entries", () => {
    expect(found(`RUN |1 NPM_TOKEN=${NPM} /bin/sh -c npm ci # buildkit`)).toStrictEqual([
      { source: 'build-arg', key: 'NPM_TOKEN', kind: 'an npm token', value: NPM },
    ]);
    expect(found(`ARG NPM_TOKEN=${NPM}`)).toStrictEqual([{ source: 'build-arg', key: 'NPM_TOKEN', kind: 'an npm token', value: NPM }]);
    expect(found('ARG NPM_TOKEN')).toStrictEqual([]);
  });

  it('finds a secret by its name alone, and leaves placeholders, paths, switches and empty values alone', () => {
    expect(found('|1 DB_PASSWORD=hunter2 /bin/sh -c make')).toStrictEqual([
      { source: 'build-arg', key: 'DB_PASSWORD', kind: 'a value named as a credential', value: 'hunter2' },
    ]);
    for (const value of ['', '${DB_PASSWORD}', '<password>', 'xxxxxxxx', '/run/secrets/db', 'false', '3600']) {
      expect(found(`|1 DB_PASSWORD=${value} /bin/sh -c make`)).toStrictEqual([]);
    }
  });

  it('reads ENV and LABEL entries of both builders, values with spaces included', () => {
    expect(found(`/bin/sh -c #(nop)  ENV TOKEN=${GITHUB}`)).toStrictEqual([{ source: 'env', key: 'TOKEN', kind: 'a GitHub token', value: GITHUB }]);
    expect(found(`ENV A=b c API_TOKEN=${GITHUB}`)).toStrictEqual([{ source: 'env', key: 'API_TOKEN', kind: 'a GitHub token', value: GITHUB }]);
    expect(found(`/bin/sh -c #(nop)  LABEL description=hello world org.example.key=${GITLAB}`)).toStrictEqual([
      { source: 'label', key: 'org.example.key', kind: 'a GitLab token', value: GITLAB },
    ]);
  });

  it('finds tokens written into a command', () => {
    expect(found(`RUN /bin/sh -c git clone https://${GITHUB}:x-oauth-basic@github.com/acme/app # buildkit`)).toStrictEqual([
      { source: 'command', key: undefined, kind: 'a GitHub token', value: GITHUB },
      { source: 'command', key: undefined, kind: 'a password in a URL', value: GITHUB },
    ]);
    expect(found('/bin/sh -c curl -u admin:s3cr3t-pass@example.com')).toStrictEqual([]);
    expect(found('RUN /bin/sh -c apt-get install -y curl # buildkit')).toStrictEqual([]);
  });

  it('redacts each secret in place, keeping the rest', () => {
    const text = redactCreatedBy(`|2 NPM_TOKEN=${NPM} VERSION=1.2 /bin/sh -c npm ci`);
    expect(text).toBe(`|2 NPM_TOKEN=<redacted: an npm token ${fingerprintOf(NPM)}> VERSION=1.2 /bin/sh -c npm ci`);
    expect(text).not.toContain(NPM.slice(4));
  });
});

describe('historySecrets', () => {
  const config: ImageConfig = {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/bin', 'TOKEN=', `STILL_TOKEN=${GITHUB}`], Labels: { 'org.example.key': GITLAB, plain: 'x' } },
    rootfs: { type: 'layers', diff_ids: ['sha256:a', 'sha256:b'] },
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:0123 in / ' },
      { created_by: '/bin/sh -c #(nop)  ARG NPM_TOKEN', empty_layer: true },
      { created_by: `|1 NPM_TOKEN=${NPM} /bin/sh -c npm ci` },
      { created_by: `|1 NPM_TOKEN=${NPM} /bin/sh -c npm test`, empty_layer: true },
      { created_by: `/bin/sh -c #(nop)  ENV TOKEN=${GITHUB}`, empty_layer: true },
      { created_by: '/bin/sh -c #(nop)  ENV TOKEN=', empty_layer: true },
      { created_by: `/bin/sh -c #(nop)  ENV STILL_TOKEN=${GITHUB}`, empty_layer: true },
      { created_by: `/bin/sh -c #(nop)  LABEL org.example.key=${GITLAB} plain=x`, empty_layer: true },
    ],
  };

  it('names each secret once by source, key and fingerprint, with its history entry and layer; a current ENV value is left to no-secrets-in-env', () => {
    expect(historySecrets(config, 2, { 'org.example.password': 'correct horse battery staple' })).toStrictEqual([
      { source: 'build-arg', key: 'NPM_TOKEN', kind: 'an npm token', fingerprint: fingerprintOf(NPM), layer: 1, historyIndex: 2 },
      { source: 'env', key: 'TOKEN', kind: 'a GitHub token', fingerprint: fingerprintOf(GITHUB), historyIndex: 4 },
      { source: 'label', key: 'org.example.key', kind: 'a GitLab token', fingerprint: fingerprintOf(GITLAB), historyIndex: 7 },
      {
        source: 'annotation',
        key: 'org.example.password',
        kind: 'a value named as a credential',
        fingerprint: fingerprintOf('correct horse battery staple'),
      },
    ]);
  });

  it('leaves no value in the config reports show', () => {
    // Env stays as it is: rules read it, and the JSON report writes only harmless values.
    const shown = JSON.stringify({ ...redactedConfig(config), config: { ...redactedConfig(config).config, Env: [] } });
    for (const value of [NPM, GITHUB, GITLAB]) expect(shown).not.toContain(value.slice(4));
    expect(redactedConfig(config).config?.Labels?.plain).toBe('x');
    expect(redactedConfig(config).config?.Env).toStrictEqual(config.config?.Env);
  });

  it('redacts tokens in ENTRYPOINT, CMD and HEALTHCHECK, leaving the program alone', () => {
    const shown = redactedConfig({
      architecture: 'amd64',
      os: 'linux',
      config: { Entrypoint: ['/app', `--token=${GITHUB}`], Cmd: ['serve'], Healthcheck: { Test: ['CMD', '/app', 'ping', `https://u:${GITLAB}@h`] } },
    }).config;
    expect(shown?.Entrypoint).toStrictEqual(['/app', `--token=<redacted: a GitHub token ${fingerprintOf(GITHUB)}>`]);
    expect(shown?.Cmd).toStrictEqual(['serve']);
    expect(JSON.stringify(shown)).not.toContain(GITLAB.slice(4));
  });

  it('is silent on ordinary history', () => {
    const plain: ImageConfig = {
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app', maintainer: 'ops@example.com' } },
      history: [
        { created_by: '/bin/sh -c #(nop) ADD file:0123 in / ' },
        { created_by: 'RUN |2 VERSION=1.2 TARGETARCH=amd64 /bin/sh -c apt-get update && apt-get install -y ca-certificates # buildkit' },
        { created_by: 'ENV PATH=/usr/local/bin:/usr/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt', empty_layer: true },
        { created_by: 'ARG PASSWORD_FILE=/run/secrets/password', empty_layer: true },
      ],
    };
    expect(historySecrets(plain, 2, {})).toStrictEqual([]);
  });
});

describe('on a hostile config', () => {
  it('stays linear: a RUN claiming a million build arguments, 20,000 of them given, and 20,000 ENV entries each with its own token', () => {
    const args = Array.from({ length: 20_000 }, (_, i) => `A${i}=v${i}`).join(' ');
    const tokens = Array.from({ length: 20_000 }, (_, i) => `ghp_${String(i).padStart(36, 'x')}q`);
    const config: ImageConfig = {
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: Object.fromEntries(tokens.slice(0, 5_000).map((token, i) => [`l${i}`, token])) },
      history: [
        { created_by: `|1000000 ${args} /bin/sh -c ${tokens.slice(0, 2_000).join(' ')}` },
        ...tokens.map((token) => ({ created_by: `ENV TOKEN=${token}`, empty_layer: true })),
      ],
    };
    const started = performance.now();
    const { secrets, shown: config2 } = scanConfig(config, 1, {});
    // About 0.2 s on an idle machine; a pass that is quadratic in entries or arguments takes minutes.
    expect(performance.now() - started).toBeLessThan(30_000);
    const shown = JSON.stringify(config2);
    expect(secrets.filter((secret) => secret.source === 'env')).toHaveLength(20_000);
    expect(secrets.filter((secret) => secret.source === 'command')).toHaveLength(2_000);
    expect(shown).not.toContain(tokens[19_999]);
  });
});

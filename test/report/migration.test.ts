import { describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../../src/migrate/types.ts';
import { migrationSection, renderMigration } from '../../src/report/migration.ts';

const PLAN: MigrationPlan = {
  version: 1,
  image: 'docker-daemon:shop/api:1.0',
  platform: 'linux/amd64',
  status: 'planned',
  from: { reference: 'shop/api:1.0', placeholder: false },
  base: { name: 'base-nossl', release: 'debian12', nonroot: true, image: 'gcr.io/distroless/base-nossl-debian12:nonroot', reason: '/app/x needs libc.so.6' },
  program: { path: '/app/x', kind: 'elf' },
  entrypoint: ['/app/x'],
  cmd: [],
  user: '65532:65532',
  workdir: '/',
  env: [],
  expose: [],
  labels: {},
  copies: [{ source: '/app/<b>*x*</b>', destination: '/app/<b>*x*</b>', type: 'file', files: 1, bytes: 2048, role: 'program' }],
  libraries: [{ name: 'libz.so.1', path: '/lib/libz.so.1', neededBy: '/app/x', from: 'copied' }],
  size: { current: 100 * 1024 * 1024, estimated: 15 * 1024 * 1024, base: 15 * 1024 * 1024, files: 1, copied: 2048 },
  notCarried: ['VOLUME /data: declare it'],
  notes: ['@team look [here](https://evil.example)'],
  facts: ['os-release'],
  dockerfile: 'FROM shop/api:1.0 AS app\n\nFROM gcr.io/distroless/base-nossl-debian12:nonroot\nCOPY --from=app ["/app/```x", "/app/```x"]\n',
};

describe('the migration plan rendered', () => {
  it('as text, with the size against today', () => {
    const text = renderMigration(PLAN, 'text');
    expect(text).toContain('Base: gcr.io/distroless/base-nossl-debian12:nonroot\n  why: /app/x needs libc.so.6\n');
    expect(text).toContain('Libraries added: libz.so.1\n');
    expect(text).toContain('Size: about 15 MiB uncompressed (base about 15 MiB), 100 MiB today (85% smaller)\n');
    expect(text).toContain('Not carried over:\n  - VOLUME /data: declare it\n');
    expect(text.endsWith(`Dockerfile:\n${PLAN.dockerfile}`)).toBe(true);
    expect(renderMigration(PLAN, 'text', { written: 'out/Dockerfile' })).toContain('\nDockerfile written to out/Dockerfile\n');
  });

  it('as a collapsed Markdown section: untrusted text escaped, the Dockerfile fenced longer than any backtick run in it', () => {
    const section = migrationSection(PLAN, '/tmp/Dockerfile');
    expect(section.startsWith('<details><summary>Path to distroless: gcr.io/distroless/base-nossl-debian12:nonroot</summary>\n\n')).toBe(true);
    expect(section.endsWith('</details>\n\n')).toBe(true);
    expect(section).not.toContain('[here](https://evil.example)');
    expect(section).not.toContain('<b>');
    expect(section).toContain('````dockerfile\nFROM shop/api:1.0 AS app');
    expect(section).toContain('Dockerfile written to `/tmp/Dockerfile`:');
  });

  it('blocked: the reason, no Dockerfile', () => {
    const blocked: MigrationPlan = {
      ...PLAN,
      status: 'blocked',
      blocked: { path: '/app/run.sh', reason: 'a shell script' },
      base: undefined,
      dockerfile: undefined,
    };
    expect(renderMigration(blocked, 'text')).toContain('Blocked: /app/run.sh: a shell script\n');
    expect(migrationSection(blocked)).toContain('<summary>Path to distroless: blocked</summary>');
    expect(JSON.parse(renderMigration(blocked, 'json'))).toMatchObject({ status: 'blocked', blocked: { path: '/app/run.sh' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { RequiredPath } from '../../src/facts/required-paths.ts';
import { RULES } from '../../src/rules/index.ts';
import { checkRule, factsOf } from '../support/facts.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

/** A distroless-style layout: /bin -> usr/bin, CA bundle, a nonroot home, /tmp, the app. */
const ENTRIES: TarEntrySpec[] = [
  { path: 'bin', type: 'symlink', target: 'usr/bin' },
  { path: 'usr/bin/', type: 'dir' },
  { path: 'etc/ssl/certs/ca-certificates.crt', content: '-----BEGIN CERTIFICATE-----\n', mode: 0o644 },
  { path: 'etc/ssl/cert.pem', type: 'symlink', target: 'certs/ca-certificates.crt' },
  { path: 'etc/ssl/gone.pem', type: 'symlink', target: 'certs/missing.crt' },
  { path: 'home/nonroot/', type: 'dir', mode: 0o700, uid: 65532, gid: 65532 },
  { path: 'tmp/', type: 'dir', mode: 0o1777 },
  { path: 'usr/bin/app', content: '\x7fELF', mode: 0o644, uid: 0, gid: 0 },
];

async function check(paths: RequiredPath[]) {
  const { facts } = await factsOf(
    { layers: [{ entries: [] }, { entries: ENTRIES }] },
    RULES['required-paths'].factOptions?.({ level: 'error', options: { paths } }),
  );
  return checkRule('required-paths', facts, { options: { paths } });
}

describe('required-paths', () => {
  it('passes paths that are there as required, through symlinked directories and symlinks', async () => {
    expect(
      await check([
        { path: '/etc/ssl/certs/ca-certificates.crt', type: 'file', mode: 0o644, uid: 0, gid: 0 },
        { path: '/etc/ssl/cert.pem', type: 'file' },
        { path: '/etc/ssl/cert.pem', type: 'symlink' },
        { path: '/bin/app', type: 'file' },
        { path: '/home/nonroot', type: 'dir', mode: 0o700, uid: 65532, gid: 65532 },
        { path: '/tmp', type: 'dir', mode: 0o1777 },
        { path: '/usr' },
      ]),
    ).toStrictEqual([]);
  });

  it('reports a missing path, and a symlink that leads nowhere, with the layer that wrote the link', async () => {
    expect(await check([{ path: '/app/config.yaml' }, { path: '/etc/ssl/gone.pem', type: 'file' }])).toStrictEqual([
      { message: 'required path /app/config.yaml is missing', path: '/app/config.yaml', hint: 'COPY it into the final stage' },
      {
        message: 'required path /etc/ssl/gone.pem is missing (a symlink to certs/missing.crt, which leads nowhere)',
        path: '/etc/ssl/gone.pem',
        layer: 1,
        hint: 'COPY it into the final stage',
      },
    ]);
  });

  it('reports a wrong type, mode and owner each as a finding naming what was expected and what was found', async () => {
    expect(await check([{ path: '/bin/app', type: 'dir', mode: 0o755, uid: 65532, gid: 65532 }])).toStrictEqual([
      {
        message: '/bin/app (-> /usr/bin/app) is a file; a directory was expected',
        path: '/bin/app',
        layer: 1,
        hint: 'COPY the right thing to that path in the final stage',
      },
      {
        message: '/bin/app (-> /usr/bin/app) has mode 0644; 0755 was expected',
        path: '/bin/app',
        layer: 1,
        hint: 'COPY --chmod=0755, or chmod it in the build stage',
      },
      {
        message: '/bin/app (-> /usr/bin/app) is owned by 0:0; 65532:65532 was expected',
        path: '/bin/app',
        layer: 1,
        hint: 'COPY --chown=65532:65532, or chown it in the build stage',
      },
    ]);
  });

  it('checks the link itself only when the type asks for a symlink, and the uid alone when no gid is given', async () => {
    const findings = await check([
      { path: '/etc/ssl/certs/ca-certificates.crt', type: 'symlink' },
      { path: '/home/nonroot', uid: 0 },
      { path: '/home/nonroot', uid: 65532 },
    ]);
    expect(findings.map((finding) => finding.message)).toStrictEqual([
      '/etc/ssl/certs/ca-certificates.crt is a file; a symlink was expected',
      '/home/nonroot is owned by uid 65532; uid 0 was expected',
    ]);
  });

  it('asks fact gathering for the paths only when on, and is an error in a policy without paths', () => {
    const rule = RULES['required-paths'];
    const paths = [{ path: '/app' }];
    expect(rule.factOptions?.({ level: 'off', options: { paths } })).toStrictEqual({});
    expect(rule.factOptions?.({ level: 'warning', options: { paths } })).toStrictEqual({ requiredPaths: paths });
    expect(rule.missingOption?.({ paths: [] })).toBe('paths; list the paths that must exist');
    expect(rule.missingOption?.({ paths })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.ts';
import { FILE, errorOf } from './policy-errors.ts';

const rule = (...entries: string[]) => `rules:\n  required-paths:\n    level: error\n    paths:\n${entries.map((entry) => `      - ${entry}\n`).join('')}`;

describe('required-paths in a policy', () => {
  it('reads each entry: the path normalised, the mode as octal, the owner as uid and gid', () => {
    const policy = parsePolicy(
      rule(
        '{ path: /etc/ssl/certs/ca-certificates.crt, type: file }',
        '{ path: /app/server, mode: "0755", owner: "0:0" }',
        '{ path: /home/nonroot/, type: dir, mode: "0o700", owner: 65532 }',
        '{ path: /tmp, mode: "1777" }',
        '{ path: /bin/sh, type: symlink }',
      ),
      FILE,
    );
    expect(policy.rules['required-paths']).toStrictEqual({
      level: 'error',
      options: {
        paths: [
          { path: '/etc/ssl/certs/ca-certificates.crt', type: 'file' },
          { path: '/app/server', mode: 0o755, uid: 0, gid: 0 },
          { path: '/home/nonroot', type: 'dir', mode: 0o700, uid: 65532 },
          { path: '/tmp', mode: 0o1777 },
          { path: '/bin/sh', type: 'symlink' },
        ],
      },
    });
  });

  it('is off in the presets with no paths', () => {
    expect(parsePolicy('extends: strict\n', FILE).rules['required-paths']).toStrictEqual({ level: 'off', options: { paths: [] } });
  });

  it.each([
    [
      'turned on without paths',
      'rules:\n  required-paths: error\n',
      `${FILE}:2:19: rules.required-paths: turned on without paths; list the paths that must exist`,
    ],
    [
      'a relative path',
      rule('{ path: app/server }'),
      `${FILE}:5:17: rules.required-paths.paths[0].path: "app/server" is not an absolute path (paths in images start with /)`,
    ],
    ['an entry without path', rule('{ type: file }'), `${FILE}:5:9: rules.required-paths.paths[0]: missing path`],
    [
      'an entry that is a string',
      rule('/app/server'),
      `${FILE}:5:9: rules.required-paths.paths[0]: expected a mapping with path, and optionally type, mode and owner, got the string "/app/server"`,
    ],
    [
      'an unknown key, with the one it is closest to',
      rule('{ path: /app, owenr: "0:0" }'),
      `${FILE}:5:23: rules.required-paths.paths[0].owenr: unknown key; did you mean owner?`,
    ],
    ['an unknown type', rule('{ path: /app, type: directory }'), `${FILE}:5:29: rules.required-paths.paths[0].type: expected one of file, dir, symlink`],
    [
      'an unquoted mode, which YAML reads as a number',
      rule('{ path: /app, mode: 0755 }'),
      `${FILE}:5:29: rules.required-paths.paths[0].mode: expected octal digits in quotes such as "0755" (YAML reads an unquoted 0755 as the number 755), got the number 755`,
    ],
    [
      'a mode with a digit that is not octal',
      rule('{ path: /app, mode: "0799" }'),
      `${FILE}:5:29: rules.required-paths.paths[0].mode: "0799" is not a mode (octal digits such as "0755" or "0o755")`,
    ],
    [
      'an owner given by name',
      rule('{ path: /app, owner: nonroot }'),
      `${FILE}:5:30: rules.required-paths.paths[0].owner: "nonroot" is not a uid or uid:gid (numbers, such as 65532:65532)`,
    ],
    [
      'an owner out of range',
      rule('{ path: /app, owner: "0:4294967296" }'),
      `${FILE}:5:30: rules.required-paths.paths[0].owner: "0:4294967296" is out of range: a uid or gid is at most 4294967294`,
    ],
    [
      'a path with ..',
      rule('{ path: /app/../etc/passwd }'),
      `${FILE}:5:17: rules.required-paths.paths[0].path: "/app/../etc/passwd" is not a plain absolute path; write it as "/etc/passwd"`,
    ],
    [
      'paths that are not a list',
      'rules:\n  required-paths: { level: error, paths: /app }\n',
      `${FILE}:2:42: rules.required-paths.paths: expected a list, got the string "/app"`,
    ],
  ])('reports %s in one line at its position', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

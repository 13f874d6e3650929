import { describe, expect, it } from 'vitest';
import { runtimeUser } from '../../src/facts/users.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const ROOT_HINT = 'set USER to a non-root user, e.g. USER 65532:65532 (distroless images name it nonroot)';
const UNRESOLVED_HINT = 'use numeric ids (USER 65532:65532) or add the user to /etc/passwd';
const users = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/sbin/nologin' },
  { name: 'nonroot', uid: 65532, gid: 65532, home: '/home/nonroot', shell: '/sbin/nologin' },
];
const groups = [
  { name: 'root', gid: 0 },
  { name: 'nonroot', gid: 65532 },
];
/** The facts of an image with root and nonroot in /etc/passwd and /etc/group, run as `user`. */
const withUser = (user?: string) => makeFacts({ users, groups, user: runtimeUser(user, users, groups) });

describe('non-root-user', () => {
  it('reports an image without USER', () => {
    expect(checkRule('non-root-user', withUser())).toStrictEqual([
      { message: 'no USER is set, so the container runs as root', setting: 'USER', hint: ROOT_HINT },
    ]);
  });

  it.each(['root', '0', '0:0', 'root:nonroot', ':65532'])('reports USER %s as root', (user) => {
    expect(checkRule('non-root-user', withUser(user))).toStrictEqual([{ message: `USER ${user} is root (uid 0)`, setting: 'USER', hint: ROOT_HINT }]);
  });

  it.each(['app', 'nonroot:wheel', '1000:wheel'])('reports USER %s, which does not resolve', (user) => {
    expect(checkRule('non-root-user', withUser(user))).toStrictEqual([
      {
        message: `USER ${user} does not resolve in the image /etc/passwd or /etc/group; the runtime cannot start the container`,
        setting: 'USER',
        hint: UNRESOLVED_HINT,
      },
    ]);
  });

  it('says when the files were not read', () => {
    const facts = makeFacts({ filesRead: false, users: [], groups: [], user: runtimeUser('app', [], []) });
    expect(checkRule('non-root-user', facts)).toStrictEqual([
      {
        message: 'USER app does not resolve (the image files were not read); the runtime cannot start the container',
        setting: 'USER',
        hint: UNRESOLVED_HINT,
      },
    ]);
  });

  it.each(['nonroot', '65532', '65532:65532', 'nonroot:nonroot', '1234', '1234:5678'])('passes USER %s', (user) => {
    expect(checkRule('non-root-user', withUser(user))).toStrictEqual([]);
  });

  describe('with numeric: true (Kubernetes runAsNonRoot)', () => {
    const numeric = (user: string) => checkRule('non-root-user', withUser(user), { options: { numeric: true } });

    it.each(['nonroot', 'nonroot:nonroot', 'nonroot:65532'])('reports USER %s, a name Kubernetes cannot verify', (user) => {
      expect(numeric(user)).toStrictEqual([
        {
          message: `USER ${user} names the user instead of its uid: Kubernetes refuses to start it with runAsNonRoot (it cannot verify a user name is not root)`,
          setting: 'USER',
          hint: 'write the ids, e.g. USER 65532:65532',
        },
      ]);
    });

    it.each(['65532', '65532:65532', '65532:nonroot'])('passes USER %s, whose uid is a number', (user) => {
      expect(numeric(user)).toStrictEqual([]);
    });

    it('leaves names alone without the option, and still reports root first with it', () => {
      expect(checkRule('non-root-user', withUser('nonroot'))).toStrictEqual([]);
      expect(numeric('root')).toStrictEqual([{ message: 'USER root is root (uid 0)', setting: 'USER', hint: ROOT_HINT }]);
    });
  });
});

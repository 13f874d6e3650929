import { describe, expect, it } from 'vitest';
import { runtimeUser } from '../../src/facts/users.ts';
import { factsOf } from '../support/facts.ts';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
  'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\r',
  '# a comment',
  '+::::::',
  'broken:x:abc:0::/:/bin/sh',
  'short:x:1:1',
  '',
].join('\n');
const GROUP = 'root:x:0:\nstaff:x:50:alice,bob\nnonroot:x:65532:\nbad:x:NaN:\n';

async function imageFacts(user?: string) {
  const { facts } = await factsOf({
    layers: [
      {
        entries: [
          { path: 'etc/passwd', content: PASSWD },
          { path: 'etc/group', content: GROUP },
        ],
      },
    ],
    config: user === undefined ? {} : { User: user },
  });
  return facts;
}

describe('users and groups', () => {
  it('parses /etc/passwd and /etc/group, skipping comments, NIS lines and malformed entries', async () => {
    const facts = await imageFacts();
    expect(facts.users).toStrictEqual([
      { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
      { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: '/sbin/nologin' },
      { name: 'nonroot', uid: 65532, gid: 65532, home: '/home/nonroot', shell: '/sbin/nologin' },
    ]);
    expect(facts.groups).toStrictEqual([
      { name: 'root', gid: 0 },
      { name: 'staff', gid: 50 },
      { name: 'nonroot', gid: 65532 },
    ]);
  });

  it('is empty without the files', async () => {
    const { facts } = await factsOf({ layers: [{ entries: [{ path: 'app', content: 'x' }] }], config: { User: 'app' } });
    expect(facts.users).toStrictEqual([]);
    expect(facts.groups).toStrictEqual([]);
    expect(facts.user).toStrictEqual({ configured: 'app', uid: undefined, gid: undefined, resolved: false });
  });
});

describe('runtime user, resolved as runc does', () => {
  it.each([
    ['', { configured: '', uid: 0, gid: 0, resolved: true }],
    ['nonroot', { configured: 'nonroot', uid: 65532, gid: 65532, resolved: true }],
    ['65532', { configured: '65532', uid: 65532, gid: 65532, resolved: true }],
    // a uid missing from /etc/passwd is fine; runc gives it gid 0
    ['1234', { configured: '1234', uid: 1234, gid: 0, resolved: true }],
    ['nonroot:staff', { configured: 'nonroot:staff', uid: 65532, gid: 50, resolved: true }],
    ['1000:1000', { configured: '1000:1000', uid: 1000, gid: 1000, resolved: true }],
    ['nobody:0', { configured: 'nobody:0', uid: 65534, gid: 0, resolved: true }],
    ['root', { configured: 'root', uid: 0, gid: 0, resolved: true }],
    ['  nonroot  ', { configured: 'nonroot', uid: 65532, gid: 65532, resolved: true }],
    // an empty user part is the default user, root; an empty group part is no group
    [':50', { configured: ':50', uid: 0, gid: 50, resolved: true }],
    ['65532:', { configured: '65532:', uid: 65532, gid: 65532, resolved: true }],
    ['app', { configured: 'app', uid: undefined, gid: undefined, resolved: false }],
    ['nonroot:wheel', { configured: 'nonroot:wheel', uid: 65532, gid: undefined, resolved: false }],
    ['1000:wheel', { configured: '1000:wheel', uid: 1000, gid: undefined, resolved: false }],
  ])('User %j', async (user, expected) => {
    expect((await imageFacts(user)).user).toStrictEqual(expected);
  });

  it('treats an unset User as root', async () => {
    expect((await imageFacts()).user).toStrictEqual({ configured: '', uid: 0, gid: 0, resolved: true });
    expect(runtimeUser(undefined, [], [])).toStrictEqual({ configured: '', uid: 0, gid: 0, resolved: true });
  });
});

import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../src/facts/os.ts';
import { factsOf } from '../support/facts.ts';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';

describe('os facts', () => {
  it('reads /etc/os-release first', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'etc/os-release', content: DEBIAN },
            { path: 'usr/lib/os-release', content: 'ID=other\n' },
          ],
        },
      ],
    });
    expect(facts.os).toStrictEqual({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' });
  });

  it('falls back to /usr/lib/os-release, where distroless keeps it', async () => {
    const { facts } = await factsOf({
      layers: [{ entries: [{ path: 'usr/lib/os-release', content: 'PRETTY_NAME="Distroless"\nID="debian"\nVERSION_ID="12"\n' }] }],
    });
    expect(facts.os).toStrictEqual({ id: 'debian', versionId: '12', prettyName: 'Distroless', source: '/usr/lib/os-release' });
  });

  it('follows the /etc/os-release -> ../usr/lib/os-release symlink Debian ships', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'usr/lib/os-release', content: 'ID=debian\nVERSION_ID="13"\n' },
            { path: 'etc/os-release', type: 'symlink', target: '../usr/lib/os-release' },
          ],
        },
      ],
    });
    expect(facts.os).toStrictEqual({ id: 'debian', versionId: '13', prettyName: undefined, source: '/etc/os-release' });
  });

  it('is undefined without either file', async () => {
    const { facts } = await factsOf({ layers: [{ entries: [{ path: 'app', content: 'x', mode: 0o755 }] }] });
    expect(facts.os).toBeUndefined();
  });
});

describe('parseOsRelease', () => {
  it('takes double-quoted values with backslash escapes', () => {
    expect(parseOsRelease('PRETTY_NAME="say \\"hi\\" \\$HOME \\`x\\` \\\\ \\n"\n')).toStrictEqual({ PRETTY_NAME: 'say "hi" $HOME `x` \\ \\n' });
  });

  it('takes single-quoted values literally', () => {
    expect(parseOsRelease('NAME=\'a \\"b\\" $c\'\n')).toStrictEqual({ NAME: 'a \\"b\\" $c' });
  });

  it('takes unquoted values, a backslash escaping the next character', () => {
    expect(parseOsRelease('ID=alpine\nVERSION_ID=3.20.1\nNAME=Alpine\\ Linux\n')).toStrictEqual({ ID: 'alpine', VERSION_ID: '3.20.1', NAME: 'Alpine Linux' });
  });

  it('joins adjacent quoted and unquoted parts as a shell does', () => {
    expect(parseOsRelease(`NAME="Ubuntu "'24.04'" LTS"\n`)).toStrictEqual({ NAME: 'Ubuntu 24.04 LTS' });
  });

  it('skips comments, blank lines and lines without an assignment; tolerates CRLF and spaces around the line', () => {
    expect(parseOsRelease('# comment\n\n  ID=fedora  \r\nnot an assignment\nVERSION_ID="40"\r\n')).toStrictEqual({ ID: 'fedora', VERSION_ID: '40' });
  });

  it('keeps the last of repeated keys, and an unterminated quote up to the end of the line', () => {
    expect(parseOsRelease('ID=a\nID=b\nNAME="open\n')).toStrictEqual({ ID: 'b', NAME: 'open' });
  });
});

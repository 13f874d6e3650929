import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../src/facts/index.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import { nonRootUser } from '../../src/rules/non-root-user.ts';
import { loadImage, runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const ROOT_HINT = 'set USER to a non-root user, e.g. USER 65532:65532 (distroless images name it nonroot)';
const UNRESOLVED_HINT = 'use numeric ids (USER 65532:65532) or add the user to /etc/passwd';
const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n';
const GROUP = 'root:x:0:\nnonroot:x:65532:\n';

const withUser = (user?: string): ImageSpec => ({
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

describe('non-root-user', () => {
  it('reports an image without USER', async () => {
    expect(await runRule('non-root-user', withUser())).toStrictEqual([
      { message: 'no USER is set, so the container runs as root', setting: 'USER', hint: ROOT_HINT },
    ]);
  });

  it.each(['root', '0', '0:0', 'root:nonroot', ':65532'])('reports USER %s as root', async (user) => {
    expect(await runRule('non-root-user', withUser(user))).toStrictEqual([{ message: `USER ${user} is root (uid 0)`, setting: 'USER', hint: ROOT_HINT }]);
  });

  it.each(['app', 'nonroot:wheel', '1000:wheel'])('reports USER %s, which does not resolve', async (user) => {
    expect(await runRule('non-root-user', withUser(user))).toStrictEqual([
      {
        message: `USER ${user} does not resolve in the image /etc/passwd or /etc/group; the runtime cannot start the container`,
        setting: 'USER',
        hint: UNRESOLVED_HINT,
      },
    ]);
  });

  it('says when the files were not read', async () => {
    const image = await loadImage(withUser('app'));
    const { facts, fs } = gatherFacts({ ...image, layerIndexes: [] });
    const options = builtinPolicy('recommended').rules['non-root-user'].options;
    expect(nonRootUser.check({ facts, fs, options, architecture: 'amd64' })).toStrictEqual([
      {
        message: 'USER app does not resolve (the image files were not read); the runtime cannot start the container',
        setting: 'USER',
        hint: UNRESOLVED_HINT,
      },
    ]);
  });

  it.each(['nonroot', '65532', '65532:65532', 'nonroot:nonroot', '1234', '1234:5678'])('passes USER %s', async (user) => {
    expect(await runRule('non-root-user', withUser(user))).toStrictEqual([]);
  });
});

// ls, cat and diff as the engine serves them, with how many times each reads its image.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ImageTarget, compareImages, listImage, readImageFile } from '../../src/engine/inspect.ts';
import { openSource } from '../../src/image/sources/index.ts';
import { writeOciArchive } from '../support/images.ts';

// Every read of an image opens its source once: counting openSource counts the reads.
vi.mock('../../src/image/sources/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/image/sources/index.ts')>();
  return { ...original, openSource: vi.fn(original.openSource) };
});
const reads = vi.mocked(openSource);

let dir = '';
let image: ImageTarget;
let base: ImageTarget;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-inspect-'));
  await writeOciArchive(join(dir, 'image.tar'), {
    layers: [
      {
        entries: [
          { path: 'bin', type: 'symlink', target: 'usr/bin' },
          { path: 'etc/', type: 'dir' },
          { path: 'etc/os-release', content: 'ID=old\n' },
          { path: 'usr/', type: 'dir' },
          { path: 'usr/bin/', type: 'dir' },
          { path: 'usr/bin/dash', content: 'dash bytes', mode: 0o755 },
          { path: 'usr/bin/sh', type: 'symlink', target: 'dash' },
          { path: 'usr/bin/curl', type: 'hardlink', target: 'usr/bin/dash', mode: 0o755 },
          { path: 'usr/bin/tool', content: 'tool bytes', mode: 0o755 },
          { path: 'usr/lib/', type: 'dir' },
          { path: 'usr/lib/os-release', content: 'ID=new\n' },
        ],
      },
      // A later layer turns the file into a link to another file of the same name.
      { entries: [{ path: 'etc/os-release', type: 'symlink', target: '../usr/lib/os-release' }] },
    ],
  });
  await writeOciArchive(join(dir, 'base.tar'), {
    layers: [
      {
        entries: [
          { path: 'usr/', type: 'dir' },
          { path: 'usr/bin/', type: 'dir' },
        ],
      },
    ],
  });
  image = { reference: `oci-archive:${join(dir, 'image.tar')}` };
  base = { reference: `oci-archive:${join(dir, 'base.tar')}` };
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  reads.mockClear();
});

describe('readImageFile', () => {
  it.each([
    ['/usr/bin/tool', 'tool bytes'],
    ['/bin/tool', 'tool bytes'],
    ['bin/tool', 'tool bytes'],
    ['/etc/os-release', 'ID=new\n'],
  ])('reads %s in one read of the image', async (path, content) => {
    expect((await readImageFile(image, path)).toString('utf8')).toBe(content);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['/bin/sh', 'dash bytes'],
    ['/usr/bin/curl', 'dash bytes'],
  ])('reads %s, a link to a file of another name, in a second read', async (path, content) => {
    expect((await readImageFile(image, path)).toString('utf8')).toBe(content);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('says what is wrong with a path that is not a file', async () => {
    await expect(readImageFile(image, '/usr/bin')).rejects.toThrow(`${image.reference}: /usr/bin is a directory (use ls)`);
    await expect(readImageFile(image, 'nothing')).rejects.toThrow(`${image.reference}: nothing does not exist in the image`);
  });
});

describe('listImage', () => {
  it('lists the merged filesystem under a path, through symlinks, in one read', async () => {
    const paths = [...(await listImage(image, '/bin'))].map((node) => node.path);
    expect(paths).toEqual(['/usr/bin', '/usr/bin/curl', '/usr/bin/dash', '/usr/bin/sh', '/usr/bin/tool']);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("lists one layer's own entries, and a symlink to a file as itself", async () => {
    expect([...(await listImage(image, '/', 1))].map((node) => [node.path, node.type, node.layer])).toEqual([['/etc/os-release', 'symlink', 1]]);
    expect([...(await listImage(image, '/usr/bin/sh'))].map((node) => node.path)).toEqual(['/usr/bin/sh']);
    await expect(listImage(image, '/', 2)).rejects.toThrow(`${image.reference}: there is no layer 2 (the image has 2, numbered from 0)`);
  });
});

describe('compareImages', () => {
  it('compares sizes and layers with the base, reading each image once', async () => {
    const { sizes, comparison } = await compareImages(image, base.reference);
    expect(sizes.layers).toHaveLength(2);
    expect(comparison).toMatchObject({ reference: base.reference, layers: { shared: 0, added: [{ index: 0 }, { index: 1 }], removed: [{ index: 0 }] } });
    expect(reads).toHaveBeenCalledTimes(2);
  });
});

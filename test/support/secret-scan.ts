// The secret scan over real Debian packages: as the layer reader runs it on an image of them, and
// its detectors alone on every text file of them (package code the reader skips included).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { captureForFacts } from '../../src/facts/capture.ts';
import { SECRET_READ_CAP, isAllowListed } from '../../src/facts/secret-capture.ts';
import { detectSecrets } from '../../src/facts/secret-detect.ts';
import { type SecretFile, secretFilesOf } from '../../src/facts/secret-files.ts';
import { MergedFilesystem } from '../../src/image/filesystem.ts';
import { indexTarStream } from '../../src/image/layer-index.ts';
import { debianPackages, mergedUsrRootfs } from './debian.ts';

async function* chunksOf(blob: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < blob.length; at += 64 * 1024) yield blob.subarray(at, at + 64 * 1024);
}

/** What the secret scan finds in a one-layer image of these packages, merged-/usr. */
export async function secretsIn(names: string[]): Promise<SecretFile[]> {
  const rootfs = await mergedUsrRootfs(await debianPackages(names));
  const layer = await indexTarStream(chunksOf(rootfs), {}, captureForFacts, names.join(' '));
  return secretFilesOf([layer], MergedFilesystem.merge([layer]));
}

/**
 * What the content detectors say of every text file of these packages outside the allow-listed
 * trees, whether or not the reader would search it: `path: kind` lines. Also how many files were searched.
 */
export async function detectorsOn(names: string[]): Promise<{ found: string[]; searched: number }> {
  const found: string[] = [];
  let searched = 0;
  for (const pkg of await debianPackages(names)) {
    for (const entry of await readdir(pkg.root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      const path = full.slice(pkg.root.length);
      if (isAllowListed(path)) continue;
      const bytes = (await readFile(full)).subarray(0, SECRET_READ_CAP);
      if (bytes.subarray(0, 1024).includes(0)) continue;
      searched++;
      for (const detection of detectSecrets(bytes.toString('latin1'), 'text', true)) found.push(`${path}: ${detection.kind}`);
    }
  }
  return { found, searched };
}

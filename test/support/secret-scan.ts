// The secret scan over real Debian packages, as the layer reader runs it on an image of them.
import { captureForFacts } from '../../src/facts/capture.ts';
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

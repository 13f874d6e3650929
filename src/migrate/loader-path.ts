// The source's loader found some libraries through /etc/ld.so.conf, that is through the
// ld.so.cache ldconfig built from it. The result's loader reads only the base's cache, which does
// not list them: their directories go on LD_LIBRARY_PATH.
import { posix } from 'node:path';
import type { ElfInfo } from '../facts/elf.ts';
import { capturedElf } from '../facts/executable-capture.ts';
import { glibcDefaultDirs } from '../facts/libraries.ts';
import type { FileLookup } from '../image/types.ts';
import type { PlannedLibrary } from './types.ts';

function expand(entries: readonly string[], origin: string): string[] {
  return entries.map((entry) => posix.normalize(entry.replace(/\$(?:\{ORIGIN\}|ORIGIN(?![A-Za-z0-9_]))/g, origin))).filter((dir) => dir.startsWith('/'));
}

/**
 * Directories of libraries the result carries (copied or with the app) that its loader would not
 * search: not a default directory, not on LD_LIBRARY_PATH, not in any loaded object's RUNPATH or
 * RPATH. Undefined for a program that is not a glibc program.
 */
export function cacheOnlyDirs(
  fs: FileLookup,
  programPath: string,
  elf: ElfInfo,
  libraries: readonly PlannedLibrary[],
  libraryPath: string | undefined,
): string[] {
  if (elf.interpreter === undefined || /ld-musl-/.test(elf.interpreter)) return [];
  const searched = new Set<string>(
    [...glibcDefaultDirs(elf), ...(libraryPath ?? '').split(/[:;]/).filter((dir) => dir.startsWith('/'))].map((dir) => posix.normalize(dir)),
  );
  const objects: { path: string; elf?: ElfInfo }[] = [{ path: programPath, elf }];
  for (const library of libraries) {
    if (library.path === undefined) continue;
    const real = fs.resolve(library.path)?.path;
    const captured = real ? fs.captured(real) : undefined;
    objects.push({ path: library.path, elf: captured ? capturedElf(captured) : undefined });
  }
  for (const object of objects) {
    const origin = posix.dirname(fs.resolve(object.path)?.path ?? object.path);
    for (const dir of expand([...(object.elf?.runpath ?? []), ...(object.elf?.rpath ?? [])], origin)) searched.add(dir);
  }
  const dirs: string[] = [];
  for (const library of libraries) {
    if (library.path === undefined || library.from === 'base' || library.from === 'missing') continue;
    const dir = posix.dirname(library.path);
    if (!searched.has(dir) && !dirs.includes(dir)) dirs.push(dir);
  }
  return dirs;
}

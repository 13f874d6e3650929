import { posix } from 'node:path';
import type { FileLookup } from '../image/types.ts';
import type { RawFinding } from '../rules/rule.ts';

/**
 * What a finding is about, normalized so it matches across runs (Finding.subject): a path as the
 * merged filesystem resolves it, so the same file reached through a changed symlink, a changed
 * PATH or a hard link is the same subject; a config key (`USER`, `CMD`, `ENV:NPM_TOKEN`); else
 * the message with its numbers blanked out, as sizes and counts move between runs.
 */
export function subjectOf(raw: RawFinding, fs: FileLookup): string {
  if (raw.path !== undefined) return resolvedPath(fs, raw.path);
  if (raw.setting !== undefined) return raw.envName === undefined ? raw.setting : `${raw.setting}:${raw.envName}`;
  return blankNumbers(raw.message);
}

/** `/bin/sh` → `/usr/bin/dash`; a path that does not resolve (gone, dangling) keeps its name under its resolved directory. */
export function resolvedPath(fs: FileLookup, path: string): string {
  const target = fs.resolve(path);
  // Hard links share one file: the path they were linked to stands for it, as the binary facts do.
  if (target) return target.node.linkedPath ?? target.path;
  const dir = posix.dirname(path);
  if (dir === path) return path;
  const parent = fs.resolve(dir);
  return parent ? posix.join(parent.path, posix.basename(path)) : path;
}

/** Sizes, counts and layer indexes change between runs without changing what a message is about. */
export function blankNumbers(text: string): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, '#');
}

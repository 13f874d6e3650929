import { HeadCollector } from '../image/collectors.ts';
import type { CaptureRequest } from '../image/types.ts';
import { createExecutableCollector } from './executable-capture.ts';

/** Text files facts read, with how much of each is worth keeping. */
const TEXT_FILES = new Map<string, number>([
  ['/etc/passwd', 1 << 20],
  ['/etc/group', 1 << 20],
  ['/etc/os-release', 64 << 10],
  ['/usr/lib/os-release', 64 << 10],
  ['/var/lib/dpkg/status', 32 << 20],
  ['/lib/apk/db/installed', 32 << 20],
  ['/etc/ld.so.conf', 64 << 10],
]);
const TEXT_DIRS = new Map<string, number>([
  ['/var/lib/dpkg/status.d', 1 << 20],
  ['/etc/ld.so.conf.d', 64 << 10],
]);

const SHARED_OBJECT = /\.so(\.[0-9.]+)?$/;

/**
 * What the facts need from file bodies, declared before any layer streams: the text files
 * above, and the ELF or `#!` head of every executable and shared object (the entry point and
 * the libraries it loads are only known once all layers are merged).
 */
export const captureForFacts: CaptureRequest = (path, entry) => {
  const textCap = TEXT_FILES.get(path) ?? TEXT_DIRS.get(entry.dir);
  if (textCap !== undefined) return new HeadCollector(textCap);
  if (/^\/etc\/ld-musl-[^/]+\.path$/.test(path)) return new HeadCollector(64 << 10);
  if ((entry.mode & 0o111) !== 0 || SHARED_OBJECT.test(entry.name)) return createExecutableCollector();
  return undefined;
};

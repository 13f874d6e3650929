import { HeadCollector } from '../image/collectors.ts';
import type { CaptureRequest } from '../image/types.ts';
import { createExecutableCollector } from './executable-capture.ts';
import type { TextInputs } from './inputs.ts';
import { DPKG_LIST_INPUTS } from './dpkg-files.ts';
import { LIBRARY_INPUTS } from './libraries.ts';
import { OS_INPUTS } from './os.ts';
import { PACKAGE_INPUTS } from './packages.ts';
import { USER_INPUTS } from './users.ts';

/** What every fact's parser reads, as each declares it. */
const INPUTS: readonly TextInputs[] = [USER_INPUTS, OS_INPUTS, PACKAGE_INPUTS, LIBRARY_INPUTS];
const TEXT_FILES = new Map(INPUTS.flatMap((inputs) => Object.entries(inputs.files ?? {})));
const TEXT_DIRS = new Map(INPUTS.flatMap((inputs) => Object.entries(inputs.dirs ?? {})));
const TEXT_PATTERNS = INPUTS.flatMap((inputs) => inputs.patterns ?? []);

const SHARED_OBJECT = /\.so(\.[0-9.]+)?$/;

/**
 * What the facts need from file bodies, declared before any layer streams: the text files their
 * parsers declare, and the ELF or `#!` head of every executable and shared object (the entry
 * point and the libraries it loads are only known once all layers are merged).
 */
export const captureForFacts: CaptureRequest = (path, entry) => {
  const textCap = TEXT_FILES.get(path) ?? TEXT_DIRS.get(entry.dir) ?? TEXT_PATTERNS.find(({ pattern }) => pattern.test(path))?.cap;
  if (textCap !== undefined) return new HeadCollector(textCap);
  if ((entry.mode & 0o111) !== 0 || SHARED_OBJECT.test(entry.name)) return createExecutableCollector();
  return undefined;
};

const DPKG_LIST_PATTERNS = DPKG_LIST_INPUTS.patterns ?? [];

/**
 * What `migrate` reads besides the facts' inputs: dpkg's file lists, to tell which files the
 * image's packages own (kept out of `check`, which has no use for them).
 */
export const captureForMigration: CaptureRequest = (path, entry) => {
  const list = DPKG_LIST_PATTERNS.find(({ pattern }) => pattern.test(path));
  if (list) return new HeadCollector(list.cap);
  return captureForFacts(path, entry);
};

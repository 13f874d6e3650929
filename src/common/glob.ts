import picomatch from 'picomatch/posix.js';

/**
 * How every glob in a policy is matched: picomatch syntax with POSIX separators on every host,
 * and dotfiles included (a forbidden `**\/*.pem` must find `/root/.ssh/id.pem`).
 */
const GLOB_OPTIONS = { dot: true } as const;

const matchers = new Map<string, (text: string) => boolean>();

/** Whether `text` (an absolute path or an image name) matches `glob`; throws on an empty glob. */
export function matchesGlob(glob: string, text: string): boolean {
  let matcher = matchers.get(glob);
  if (matcher === undefined) {
    matcher = picomatch(glob, GLOB_OPTIONS);
    matchers.set(glob, matcher);
  }
  return matcher(text);
}

/** Why `glob` cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  try {
    picomatch.makeRe(glob, GLOB_OPTIONS);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

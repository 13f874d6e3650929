// Turning what a shell would run into exec form, where no shell is needed to run it: a shell-form
// command string made of plain words, and a `#!/bin/sh` wrapper that only `exec`s a program.

/** Words, or why a shell is needed to run the text. */
export type Split = { words: string[] } | { reason: string };

/** Shell built-ins and keywords: a command string starting with one needs the shell itself. */
const SHELL_WORDS = new Set([
  'cd',
  'export',
  'source',
  '.',
  'set',
  'unset',
  'ulimit',
  'umask',
  'trap',
  'eval',
  'if',
  'for',
  'while',
  'until',
  'case',
  'readonly',
  'wait',
  'test',
  '[',
  '!',
  'echo',
  'printf',
  'read',
  'shift',
  'local',
  'alias',
  'function',
  '{',
  '(',
]);

/** What each special character does, for the reason a plan is refused. */
const SPECIAL: Record<string, string> = {
  '|': 'a pipe (|)',
  '&': 'a background or && list (&)',
  ';': 'a command list (;)',
  '<': 'a redirection (<)',
  '>': 'a redirection (>)',
  '(': 'a subshell (()',
  ')': 'a subshell ())',
  $: 'a variable or command substitution ($)',
  '`': 'a command substitution (`)',
  '*': 'a glob (*)',
  '?': 'a glob (?)',
  '[': 'a glob ([)',
  '\n': 'more than one line',
};

/**
 * Splits a command string into the words `sh -c` would run, when it has no shell syntax: plain
 * words, single-quoted text, double-quoted text without `$`, `` ` `` or `\`, and backslash escapes
 * outside quotes. A leading `exec` is dropped (it only replaces the shell, which exec form has not).
 */
export function splitCommand(text: string): Split {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === ' ' || char === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { reason: "an unclosed quote (')" };
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      const end = text.indexOf('"', i + 1);
      if (end === -1) return { reason: 'an unclosed quote (")' };
      const inner = text.slice(i + 1, end);
      const special = /[$`\\]/.exec(inner);
      if (special) return { reason: `${SPECIAL[special[0]] ?? `an escape (${special[0]})`} inside double quotes` };
      word = (word ?? '') + inner;
      i = end;
    } else if (char === '\\') {
      if (i + 1 >= text.length || text[i + 1] === '\n') return { reason: 'a line continuation (\\)' };
      word = (word ?? '') + text[++i];
    } else if (char in SPECIAL) {
      return { reason: SPECIAL[char] };
    } else if ((char === '#' || char === '~') && word === undefined) {
      return { reason: char === '#' ? 'a comment (#)' : 'a home directory (~)' };
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  if (words[0] === 'exec') words.shift();
  if (words.length === 0) return { reason: 'no command' };
  if (SHELL_WORDS.has(words[0])) return { reason: `the shell's own command "${words[0]}"` };
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) return { reason: `a variable assignment (${words[0].split('=')[0]}=)` };
  return { words };
}

/** A wrapper script read as exec form: the program and its arguments, the environment it exports. */
export interface Wrapper {
  /** The `exec` line's words, without the script's own arguments. */
  argv: string[];
  /** Whether the script's arguments are passed on (`"$@"` at the end of the exec line). */
  passesArguments: boolean;
  /** `export NAME=value` lines, in order. */
  env: [string, string][];
}

/**
 * Reads a `#!/bin/sh` script that only sets options, exports literal values and `exec`s a program:
 * comments, blank lines, `set -e`-style lines, `export NAME=value` (no `$`), then one
 * `exec PROGRAM ARGS… ["$@"]` as the last command. Anything else needs a shell: the reason names the line.
 */
export function readWrapper(text: string): { wrapper: Wrapper } | { reason: string } {
  const lines = text.split('\n');
  const env: [string, string][] = [];
  let exec: { argv: string[]; passesArguments: boolean } | undefined;
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index].trim();
    const at = `line ${index + 1}`;
    if (line === '' || line.startsWith('#')) continue;
    if (exec) return { reason: `${at} comes after the exec line` };
    if (/^set( +[-+][a-zA-Z]+)+$/.test(line)) continue;
    const exported = /^export +([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (exported) {
      const value = splitCommand(`x ${exported[2]}`);
      if ('reason' in value || value.words.length > 2)
        return { reason: `${at} exports a value the shell computes (${'reason' in value ? value.reason : 'several words'})` };
      env.push([exported[1], value.words[1] ?? '']);
      continue;
    }
    if (!/^exec\s/.test(line)) return { reason: `${at} runs "${line.slice(0, 60)}" in the shell` };
    const passesArguments = /\s"?\$@"?$/.test(line);
    const split = splitCommand(passesArguments ? line.replace(/\s"?\$@"?$/, '') : line);
    if ('reason' in split) return { reason: `${at} has ${split.reason}` };
    exec = { argv: split.words, passesArguments };
  }
  if (!exec) return { reason: 'it has no exec line' };
  return { wrapper: { ...exec, env } };
}

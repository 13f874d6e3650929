/**
 * zstd layers through the `zstd` program, as containerd runs `unpigz` for gzip: the C decoder runs
 * in its own process (a core of its own, beside the tar walk), about twice as fast as Node's
 * experimental zlib binding. Used when `zstd` is on PATH unless DISTROLESS_GUARD_ZSTD=builtin.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Writable } from 'node:stream';
import { UserError } from '../errors.ts';
import { chunksOf } from './stream-chunks.ts';

export const ZSTD_VARIABLE = 'DISTROLESS_GUARD_ZSTD';

/** Which decoder reads zstd layers: Node's zlib, or the program at `path`. */
export type ZstdDecoder = { kind: 'builtin' } | { kind: 'program'; path: string };

/** Writes compressed chunks into a decoder's input; on a failing source it calls `fail`. */
export type Feed = (chunks: AsyncIterator<Buffer>, sink: Writable, fail: (error: Error) => void) => Promise<void>;

const found = new Map<string, string | undefined>();

/**
 * The decoder the environment asks for: DISTROLESS_GUARD_ZSTD=builtin forces Node's; unset (or
 * `auto`) takes the `zstd` program when PATH has one (looked up once per PATH).
 */
export function zstdDecoder(env: NodeJS.ProcessEnv = process.env): ZstdDecoder {
  const setting = (env[ZSTD_VARIABLE] ?? '').trim();
  if (setting === 'builtin') return { kind: 'builtin' };
  if (setting !== '' && setting !== 'auto') throw new UserError(`${ZSTD_VARIABLE}: "${setting}" is not builtin or auto`);
  const path = env.PATH ?? '';
  if (!found.has(path)) found.set(path, findProgram('zstd', path));
  const program = found.get(path);
  return program ? { kind: 'program', path: program } : { kind: 'builtin' };
}

/** The first executable file `name` in the directories of `path` (a PATH value). */
export function findProgram(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir.startsWith('/')) continue; // a relative PATH entry would depend on the working directory
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Bytes of the program's stderr kept for the error message. */
const STDERR_KEPT = 4096;

/**
 * Decompresses `input` (a zstd stream, of the layer `what`) with `program -dc`, its stdin fed by
 * `feed` and its stdout handed on chunk by chunk (the pipe pauses the program while the reader is
 * behind, so memory stays bounded). A corrupt or truncated stream fails as Node's decoder fails (`ZSTD`/`Z_` codes
 * with the same words where they mean the same); a reader that stops early kills the program.
 */
export async function* decompressWithProgram(input: AsyncIterator<Buffer>, program: string, what: string, feed: Feed): AsyncGenerator<Buffer> {
  const child = spawn(program, ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_KEPT)));
  // The program exits early on corrupt input: the pipe's EPIPE says nothing its exit status does not.
  child.stdin.on('error', () => {});
  let spawnError: Error | undefined;
  let sourceError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      spawnError ??= error;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  void feed(input, child.stdin, (error) => {
    sourceError = error;
    child.kill('SIGKILL');
  });
  let finished = false;
  try {
    let readError: unknown;
    try {
      yield* chunksOf(child.stdout);
    } catch (error) {
      readError = error;
    }
    const code = await exited;
    if (sourceError) throw sourceError;
    if (spawnError) throw new UserError(`${what}: could not run ${program} (${spawnError.message}); set ${ZSTD_VARIABLE}=builtin to use Node's zstd decoder`);
    if (code !== 0) throw programError(stderr, code);
    if (readError !== undefined) throw readError;
    finished = true;
  } finally {
    if (!finished && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdout.destroy();
    child.stdin.destroy();
  }
}

/**
 * What the program said, as Node's decoder says it where the two mean the same, with a `code` that
 * decompress() recognises: `/*stdin*\ : Read error (39) : premature end` is Node's
 * `unexpected end of file`, `unsupported format` its `Unknown frame descriptor`.
 */
export function programError(stderr: string, code: number | null): Error {
  const line =
    stderr
      .trim()
      .split('\n')
      .map((text) => text.trim())
      .filter(Boolean)
      .pop() ?? `exit status ${code ?? 'unknown'}`;
  const said = line.slice(line.lastIndexOf(':') + 1).trim() || line;
  const message = /premature end/i.test(said) ? 'unexpected end of file' : /unsupported format/i.test(said) ? 'Unknown frame descriptor' : said;
  return Object.assign(new Error(message), { code: 'ZSTD_PROGRAM' });
}

import { parseArgs } from 'node:util';
import { parsePlatform } from '../engine/inputs.ts';
import { MIGRATION_FORMATS, type MigrationFormat } from '../engine/migrate.ts';
import { UserError } from '../errors.ts';
import type { Platform } from '../image/types.ts';
import { FAIL_ON_VALUES, type FailOn } from '../policy/index.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/output.ts';

export interface CheckArgs {
  command: 'check';
  images: string[];
  policy?: string;
  baseline: string[];
  dockerfile: string[];
  failOn?: FailOn;
  format: ReportFormat;
  platform?: Platform;
}
export interface LsArgs {
  command: 'ls';
  image: string;
  path: string;
  json: boolean;
  long: boolean;
  layer?: number;
  platform?: Platform;
}
export interface CatArgs {
  command: 'cat';
  image: string;
  path: string;
  platform?: Platform;
}
export interface DiffArgs {
  command: 'diff';
  base: string;
  image: string;
  format: 'text' | 'json';
  platform?: Platform;
}
export interface MigrateArgs {
  command: 'migrate';
  image: string;
  output?: string;
  from?: string;
  format: MigrationFormat;
  registry?: string;
  platform?: Platform;
}
export type CliArgs = CheckArgs | LsArgs | CatArgs | DiffArgs | MigrateArgs | { command: 'help'; topic?: string } | { command: 'version' };

export const USAGE: Record<string, string> = {
  main: `Usage: distroless-guard <command> [options]

Check built container images against a distroless policy, and look inside shell-less images.

Commands:
  check IMAGE...        check images against the policy (exit 0 passed, 1 failed, 2 unreadable input)
  ls IMAGE [PATH]       list the merged filesystem like tar -tv
  cat IMAGE PATH        write one file of the image to stdout
  diff BASE IMAGE       compare sizes, layers and directories of two images
  migrate IMAGE         plan the move to a distroless base and write its Dockerfile (exit 1 when it cannot)

IMAGE is docker-daemon:NAME[:TAG], docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF],
docker://REGISTRY/NAME[:TAG|@DIGEST], or a bare path or engine image name.
Run 'distroless-guard <command> --help' for a command's options.`,
  check: `Usage: distroless-guard check [options] IMAGE...

IMAGE may be NAME=REF to give the image a stable name.

Options:
  --policy FILE        policy file (default .github/distroless.yml; the recommended preset when absent)
  --baseline REF       compare sizes and findings with an image or report:PATH (NAME=REF for one image; repeatable)
  --dockerfile PATH    Dockerfile for line numbers (NAME=PATH for one image; repeatable; default Dockerfile)
  --fail-on LEVEL      error | warning | never | new-error | new-warning (overrides the policy);
                       new-* fail only on findings the --baseline does not have
  --format FORMAT      text | json | markdown | sarif (default text)
  --platform P         only this platform, e.g. linux/amd64 (default: every platform)
  -h, --help           show this help`,
  ls: `Usage: distroless-guard ls [options] IMAGE [PATH]

Prints the merged filesystem as MODE UID/GID SIZE PATH[ -> TARGET], sorted by path.

Options:
  --json               one JSON object per line: path, type, mode, uid, gid, size, target
  --long               add the layer that last wrote each entry
  --layer N            one layer's own entries, whiteouts included (marked)
  --platform P         the platform to list (default: the first one)
  -h, --help           show this help`,
  cat: `Usage: distroless-guard cat [options] IMAGE PATH

Writes one file's content to stdout, following symlinks inside the image.

Options:
  --platform P         the platform to read (default: the first one)
  -h, --help           show this help`,
  diff: `Usage: distroless-guard diff [options] BASE IMAGE

Compares IMAGE with BASE (an image reference or report:PATH): sizes, layers, directories.

Options:
  --format FORMAT      text | json (default text)
  --platform P         the platform to compare (default: the first one)
  -h, --help           show this help`,
  migrate: `Usage: distroless-guard migrate [options] IMAGE

Plans IMAGE's move to a distroless base: the base its entry point needs, the files and libraries
to copy, and a multi-stage Dockerfile. Exit 0 plan written, 1 blocked (the entry point needs a
shell or a package manager), 2 unreadable input.

Options:
  --output DIR         write DIR/Dockerfile (the plan is printed either way)
  --from REF           the image the Dockerfile copies from (default: the engine name of a
                       docker-daemon: input, else a placeholder to replace)
  --format FORMAT      text | json | markdown (default text)
  --registry PATH      where the distroless images are (default gcr.io/distroless)
  --platform P         the platform to plan (default: the first one)
  -h, --help           show this help`,
};

/** Parses argv (without node and script) into one typed object, or a UserError naming the problem. */
export function parseCliArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help', topic: rest[0] };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (!(command in USAGE) || command === 'main') throw new UserError(`unknown command "${command}"; expected check, ls, cat, diff or migrate (see --help)`);
  const { values, positionals } = parse(command, rest);
  if (values.help) return { command: 'help', topic: command };
  const platform = typeof values.platform === 'string' ? parsePlatform(values.platform) : undefined;
  switch (command) {
    case 'check': {
      if (positionals.length === 0) throw new UserError('check: name at least one IMAGE');
      const failOn = values['fail-on'];
      if (failOn !== undefined && !FAIL_ON_VALUES.includes(failOn as FailOn))
        throw new UserError(`check: --fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${failOn}"`);
      return {
        command,
        images: positionals,
        policy: values.policy as string | undefined,
        baseline: (values.baseline as string[] | undefined) ?? [],
        dockerfile: (values.dockerfile as string[] | undefined) ?? [],
        failOn: failOn as FailOn | undefined,
        format: format(values.format, REPORT_FORMATS, command),
        platform,
      };
    }
    case 'ls': {
      if (positionals.length < 1 || positionals.length > 2) throw new UserError('ls: expected IMAGE [PATH]');
      // Digits only: Number() would read '' as 0 and '0x1' as 1.
      if (values.layer !== undefined && !/^[0-9]+$/.test(values.layer as string))
        throw new UserError(`ls: --layer takes a layer number from 0, not "${values.layer}"`);
      const layer = values.layer === undefined ? undefined : Number(values.layer);
      return { command, image: positionals[0], path: positionals[1] ?? '/', json: !!values.json, long: !!values.long, layer, platform };
    }
    case 'cat':
      if (positionals.length !== 2) throw new UserError('cat: expected IMAGE PATH');
      return { command, image: positionals[0], path: positionals[1], platform };
    case 'migrate':
      if (positionals.length !== 1) throw new UserError('migrate: expected one IMAGE');
      return {
        command,
        image: positionals[0],
        output: values.output as string | undefined,
        from: values.from as string | undefined,
        format: format(values.format, MIGRATION_FORMATS, command),
        registry: values.registry as string | undefined,
        platform,
      };
    default:
      if (positionals.length !== 2) throw new UserError('diff: expected BASE IMAGE');
      return { command: 'diff', base: positionals[0], image: positionals[1], format: format(values.format, ['text', 'json'] as const, command), platform };
  }
}

function parse(command: string, args: string[]) {
  const common = { help: { type: 'boolean', short: 'h' }, platform: { type: 'string' } } as const;
  const options = {
    check: {
      ...common,
      policy: { type: 'string' },
      baseline: { type: 'string', multiple: true },
      dockerfile: { type: 'string', multiple: true },
      'fail-on': { type: 'string' },
      format: { type: 'string' },
    },
    ls: { ...common, json: { type: 'boolean' }, long: { type: 'boolean' }, layer: { type: 'string' } },
    cat: common,
    diff: { ...common, format: { type: 'string' } },
    migrate: { ...common, output: { type: 'string' }, from: { type: 'string' }, format: { type: 'string' }, registry: { type: 'string' } },
  }[command] as Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's own wording is a paragraph about '--' and quoting; the option is what matters.
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']*)'/.exec(message);
    const missing = /^Option '(-[^' ]+)[^']*' argument (missing|is ambiguous)/.exec(message);
    const reason = unknown
      ? `unknown option ${unknown[1]}`
      : missing
        ? `${missing[1]} needs a value (write ${missing[1]}=VALUE for one that starts with -)`
        : message.split('\n')[0];
    throw new UserError(`${command}: ${reason} (see distroless-guard ${command} --help)`);
  }
}

function format<T extends string>(value: unknown, allowed: readonly T[], command: string): T {
  if (value === undefined) return allowed[0];
  if (!allowed.includes(value as T)) throw new UserError(`${command}: --format must be one of ${allowed.join(', ')}, not "${String(value)}"`);
  return value as T;
}

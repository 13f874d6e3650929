/**
 * The file an interpreter in argv[0] is asked to run (`python3 app.py`, `java -jar app.jar`), found
 * by reading argv as the interpreter does: its own options are skipped, with the arguments they take.
 * Pure and conservative: an option it does not know, or one that changes where the file is looked
 * for (`perl -S`, `ruby -C`, `java @argfile`), means no answer rather than a guess.
 */
import { posix } from 'node:path';

export type InterpreterLanguage = 'python' | 'node' | 'ruby' | 'perl' | 'php' | 'java' | 'shell';

export interface InterpreterArgument {
  language: InterpreterLanguage;
  /** A program file (a script, or a Java source file), a jar (`java -jar`), or a class path (`java -cp`) whose entries must hold the main class. */
  role: 'script' | 'jar' | 'classpath';
  /** Where it is in argv (Entrypoint followed by Cmd). */
  index: number;
  /** As written (an attached option value without its option: `-ffile.php` gives `file.php`). */
  argument: string;
  /** The main class a class path is to hold. */
  mainClass?: string;
}

type Found = Omit<InterpreterArgument, 'language'>;

const LANGUAGES: [RegExp, InterpreterLanguage][] = [
  [/^python(?:[23](?:\.\d+)?)?$/, 'python'],
  [/^(?:node|nodejs)$/, 'node'],
  [/^ruby(?:\d+(?:\.\d+)*)?$/, 'ruby'],
  [/^perl(?:5(?:\.\d+)*)?$/, 'perl'],
  [/^php(?:\d+(?:\.\d+)?)?$/, 'php'],
  [/^java$/, 'java'],
  [/^(?:sh|bash|dash|ash)$/, 'shell'],
];

/** The interpreter a program name (the last part of a path) is, if it is one this module reads the arguments of. */
export function interpreterLanguage(command: string): InterpreterLanguage | undefined {
  const name = posix.basename(command);
  return LANGUAGES.find(([pattern]) => pattern.test(name))?.[1];
}

/** The file argument of `argv` when argv[0] (or `resolvedPath`, where the name leads) is a known interpreter. */
export function interpreterArgument(argv: readonly string[], resolvedPath?: string): InterpreterArgument | undefined {
  if (argv.length === 0) return undefined;
  const language = interpreterLanguage(argv[0]) ?? (resolvedPath !== undefined ? interpreterLanguage(resolvedPath) : undefined);
  if (!language) return undefined;
  const found = PARSERS[language](argv.slice(1));
  return found && { language, ...found, index: found.index + 1 };
}

const PARSERS: Record<InterpreterLanguage, (args: readonly string[]) => Found | undefined> = {
  python: pythonFile,
  node: nodeFile,
  ruby: rubyFile,
  perl: perlFile,
  php: phpFile,
  java: javaFile,
  shell: shellFile,
};

const script = (args: readonly string[], index: number): Found | undefined =>
  index < args.length ? { role: 'script', index, argument: args[index] } : undefined;

/**
 * Reads a cluster of short options (`-uB`, `-lne`, `-Ilib`) by a table: `flag` goes on, `value`
 * takes the rest of the cluster or else the next argument, `attached` takes the rest of the cluster
 * only (maybe nothing), `digits` takes the digits that follow, `stop` means no file (or no answer).
 * Returns how many arguments the cluster used (1 or 2), or undefined to stop.
 */
function shortCluster(arg: string, table: Record<string, 'flag' | 'value' | 'attached' | 'digits' | 'stop'>): 1 | 2 | undefined {
  for (let at = 1; at < arg.length; at++) {
    const kind = table[arg[at]];
    if (kind === undefined || kind === 'stop') return undefined;
    if (kind === 'value') return at === arg.length - 1 ? 2 : 1;
    if (kind === 'attached') return 1;
    if (kind === 'digits') while (at + 1 < arg.length && /[0-9]/.test(arg[at + 1])) at++;
  }
  return 1;
}

const table = (kinds: Partial<Record<'flag' | 'value' | 'attached' | 'digits' | 'stop', string>>) =>
  Object.fromEntries(Object.entries(kinds).flatMap(([kind, letters]) => [...letters].map((letter) => [letter, kind]))) as Record<
    string,
    'flag' | 'value' | 'attached' | 'digits' | 'stop'
  >;

/** `python [options] [-c cmd | -m mod | file | -] [args]`: -c and -m run no file, -h/-V print and exit. */
const PYTHON = table({ flag: 'bBdEiIOPqRsSuvx', value: 'WX', stop: 'cmhV?' });

function pythonFile(args: readonly string[]): Found | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return script(args, i + 1);
    if (arg === '-' || !arg.startsWith('-')) return arg === '-' ? undefined : script(args, i);
    if (arg === '--check-hash-based-pycs') i++;
    else if (arg.startsWith('--check-hash-based-pycs=')) continue;
    else if (arg.startsWith('--'))
      return undefined; // --help, --version and the like
    else {
      const used = shortCluster(arg, PYTHON);
      if (used === undefined) return undefined;
      i += used - 1;
    }
  }
  return undefined;
}

/** Node's own options that take the next argument as their value. */
const NODE_VALUES = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--title',
  '--input-type',
  '--env-file',
  '--env-file-if-exists',
  '--inspect-port',
  '--debug-port',
  '--redirect-warnings',
  '--diagnostic-dir',
  '--report-dir',
  '--report-directory',
  '--report-filename',
  '--report-signal',
  '--heapsnapshot-signal',
  '--heapsnapshot-near-heap-limit',
  '--icu-data-dir',
  '--openssl-config',
  '--tls-cipher-list',
  '--tls-keylog',
  '--unhandled-rejections',
  '--use-largepages',
  '--dns-result-order',
  '--disable-warning',
  '--cpu-prof-dir',
  '--cpu-prof-name',
  '--cpu-prof-interval',
  '--heap-prof-dir',
  '--heap-prof-name',
  '--heap-prof-interval',
  '--secure-heap',
  '--secure-heap-min',
  '--max-http-header-size',
  '--experimental-policy',
  '--policy-integrity',
  '--watch-path',
  '--experimental-config-file',
  '--localstorage-file',
  '--snapshot-blob',
  '--trace-event-categories',
  '--trace-event-file-pattern',
  '--experimental-default-type',
  '--experimental-specifier-resolution',
  '--es-module-specifier-resolution',
  '--allow-fs-read',
  '--allow-fs-write',
]);
/**
 * V8's number options take their value only as `--name=value`: written bare, node 18 and 20 exit
 * with "bad option" before looking for any file (checked on the engine in test/heavy), so no answer.
 */
const NODE_V8_NUMBERS = new Set(['--max-old-space-size', '--max-semi-space-size', '--max-heap-size', '--stack-size', '--stack-trace-limit']);
/** Node runs no file of its own with these (code, a test runner, a package.json script, the REPL, help). */
const NODE_NO_FILE = new Set([
  '-e',
  '--eval',
  '-p',
  '--print',
  '-pe',
  '-i',
  '--interactive',
  '-v',
  '--version',
  '-h',
  '--help',
  '--v8-options',
  '--test',
  '--run',
]);

function nodeFile(args: readonly string[]): Found | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return script(args, i + 1);
    if (arg === '-') return undefined;
    if (!arg.startsWith('-')) return script(args, i);
    if (NODE_NO_FILE.has(arg) || NODE_V8_NUMBERS.has(arg)) return undefined;
    if (NODE_VALUES.has(arg)) i++;
    // A single-dash option it does not know may take a value; a long one is a flag unless written `--name=value`.
    else if (!arg.startsWith('--')) return undefined;
  }
  return undefined;
}

/** `ruby [switches] [--] [programfile]`: -e runs code; -S, -x and -C change where the file is found. */
const RUBY = table({ flag: 'acdlnpsvwyU', value: 'IrE', attached: 'FKW', digits: '0T', stop: 'eSxCh' });
const RUBY_LONG_VALUES = new Set(['--enable', '--disable', '--encoding', '--external-encoding', '--internal-encoding']);

function rubyFile(args: readonly string[]): Found | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return script(args, i + 1);
    if (arg === '-') return undefined;
    if (!arg.startsWith('-')) return script(args, i);
    if (arg.startsWith('--')) {
      if (RUBY_LONG_VALUES.has(arg)) i++;
      else if (/^--(?:help|version|copyright|dump)(?:=|$)/.test(arg)) return undefined;
      continue;
    }
    const used = shortCluster(arg, RUBY);
    if (used === undefined) return undefined;
    i += used - 1;
  }
  return undefined;
}

/** `perl [switches] [--] [programfile]`: -e/-E run code; -S and -x change where the file is found; -v/-V/-h print and exit. */
const PERL = table({ flag: 'acnpstTuUwWX', value: 'I', attached: 'MmDdFiC', digits: 'l0', stop: 'eESxvVh' });

function perlFile(args: readonly string[]): Found | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return script(args, i + 1);
    if (arg === '-') return undefined;
    if (!arg.startsWith('-')) return script(args, i);
    const used = shortCluster(arg, PERL);
    if (used === undefined) return undefined;
    i += used - 1;
  }
  return undefined;
}

const PHP_VALUES = new Set(['-c', '-d', '-z', '--php-ini', '--define', '--zend-extension']);
const PHP_FLAGS = new Set(['-n', '-q', '-e', '-H', '-C', '--no-php-ini', '--no-header', '--profile-info', '--hide-args', '--no-chdir']);

/** `php [options] [-f] file`: everything else (-r code, -S server, -l lint, -a, `--` for stdin) runs no file of its own. */
function phpFile(args: readonly string[]): Found | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-f' || arg === '--file') return script(args, i + 1);
    if (/^-f./.test(arg)) return { role: 'script', index: i, argument: arg.slice(2) };
    if (arg.startsWith('--file=')) return { role: 'script', index: i, argument: arg.slice('--file='.length) };
    if (!arg.startsWith('-')) return script(args, i);
    if (PHP_VALUES.has(arg)) i++;
    else if (!(PHP_FLAGS.has(arg) || /^-[cdz]./.test(arg) || /^--(?:php-ini|define|zend-extension)=/.test(arg))) return undefined;
  }
  return undefined;
}

/** Launcher options that take the next argument. */
const JAVA_VALUES = new Set([
  '-p',
  '--module-path',
  '--upgrade-module-path',
  '--add-modules',
  '--limit-modules',
  '--add-reads',
  '--add-exports',
  '--add-opens',
  '--patch-module',
  '--enable-native-access',
  '--source',
]);
const JAVA_CLASS_PATH = new Set(['-cp', '-classpath', '--class-path']);
/** Options after which java runs no class of the image's: module mode, version and help output, listings. */
const JAVA_NO_FILE =
  /^(?:-m|--module(?:=.*)?|-version|--version|-fullversion|-help|-h|-\?|--help|--help-extra|-X|--list-modules|-d|--describe-module(?:=.*)?|--validate-modules)$/;
/** Classes the runtime image itself holds: found whatever the class path says. */
const RUNTIME_PACKAGES = /^(?:java|javax|jdk|sun|com\.sun)\./;

/** `java [options] -jar file | mainclass | source.java`: the jar, the source file, or the class path the main class comes from. */
function javaFile(args: readonly string[]): Found | undefined {
  let classPath: { index: number; argument: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-jar') return i + 1 < args.length ? { role: 'jar', index: i + 1, argument: args[i + 1] } : undefined;
    if (JAVA_NO_FILE.test(arg) || arg.startsWith('@')) return undefined;
    if (JAVA_CLASS_PATH.has(arg)) {
      if (i + 1 < args.length) classPath = { index: i + 1, argument: args[i + 1] };
      i++;
    } else if (arg.startsWith('--class-path=')) classPath = { index: i, argument: arg.slice('--class-path='.length) };
    else if (JAVA_VALUES.has(arg)) i++;
    else if (!arg.startsWith('-')) {
      if (arg.endsWith('.java')) return script(args, i);
      if (!classPath || RUNTIME_PACKAGES.test(arg)) return undefined;
      return { role: 'classpath', ...classPath, mainClass: arg };
    }
  }
  return undefined;
}

/** `sh [options] [script]`: -c runs a command string and -s reads stdin; bash's --rcfile and -o/-O take a value. */
const SHELL = table({ flag: 'abefhiklmnprtuvxBCDEHPT', value: 'oO', stop: 'cs' });

function shellFile(args: readonly string[]): Found | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return script(args, i + 1);
    if (arg === '-' || arg === '+') return undefined;
    if (!/^[-+]/.test(arg)) return script(args, i);
    if (arg.startsWith('--')) {
      if (arg === '--rcfile' || arg === '--init-file') i++;
      else if (/^--(?:help|version|dump-strings|dump-po-strings)$/.test(arg)) return undefined;
      continue;
    }
    const used = shortCluster(arg, SHELL);
    if (used === undefined) return undefined;
    i += used - 1;
  }
  return undefined;
}

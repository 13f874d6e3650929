import { describe, expect, it } from 'vitest';
import { interpreterArgument, interpreterLanguage } from '../../src/facts/interpreter-args.ts';

/** The file argument argv names, as `[role, argument]`, or undefined when it runs none (or cannot be told). */
const fileOf = (...argv: string[]) => {
  const found = interpreterArgument(argv);
  if (!found) return undefined;
  expect(argv[found.index]).toContain(found.argument);
  return found.role === 'script' ? found.argument : [found.role, found.argument, ...(found.mainClass ? [found.mainClass] : [])];
};

describe('interpreterLanguage', () => {
  it('knows interpreters by the last part of their path, versioned names included', () => {
    const names = [
      'python',
      'python3',
      'python3.11',
      '/usr/bin/python2.7',
      'node',
      'nodejs',
      'ruby',
      'ruby3.1',
      'perl',
      'perl5.36',
      'php',
      'php8.2',
      'java',
      'sh',
      'bash',
      'dash',
      'ash',
    ];
    expect(names.map(interpreterLanguage)).toEqual([
      'python',
      'python',
      'python',
      'python',
      'node',
      'node',
      'ruby',
      'ruby',
      'perl',
      'perl',
      'php',
      'php',
      'java',
      'shell',
      'shell',
      'shell',
      'shell',
    ]);
  });

  it('knows nothing else', () => {
    expect(['app', 'python-config', 'pythonw', 'nodemon', 'javac', 'zsh', 'busybox', 'perldoc', 'gunicorn'].map(interpreterLanguage)).toEqual(
      Array(9).fill(undefined),
    );
  });

  it('falls back to the path argv[0] resolves to', () => {
    expect(interpreterArgument(['/usr/local/bin/app', 'main.py'], '/usr/bin/python3.11')).toMatchObject({ language: 'python', argument: 'main.py', index: 1 });
    expect(interpreterArgument(['/usr/local/bin/app', 'main.py'], '/usr/local/bin/app')).toBeUndefined();
  });
});

describe('python', () => {
  it('runs the first operand, past its flags and the values of -W and -X', () => {
    expect(fileOf('python3', '/app/main.py', '--port', '8080')).toBe('/app/main.py');
    expect(fileOf('python3', '-u', '-B', 'main.py')).toBe('main.py');
    expect(fileOf('python3', '-uBO', 'main.py')).toBe('main.py');
    expect(fileOf('python3', '-W', 'ignore', '-X', 'utf8', 'main.py')).toBe('main.py');
    expect(fileOf('python3', '-Wignore', '-Xdev', 'main.py')).toBe('main.py');
    expect(fileOf('python3', '--check-hash-based-pycs', 'never', 'main.py')).toBe('main.py');
    expect(fileOf('python3', '--', '-odd-name.py')).toBe('-odd-name.py');
  });

  it('runs no file with -c, -m (attached or clustered), stdin, or options that print and exit', () => {
    expect(fileOf('python3', '-c', 'print(1)')).toBeUndefined();
    expect(fileOf('python3', '-uc', 'print(1)')).toBeUndefined();
    expect(fileOf('python3', '-m', 'http.server')).toBeUndefined();
    expect(fileOf('python3', '-mhttp.server')).toBeUndefined();
    expect(fileOf('python3', '-')).toBeUndefined();
    expect(fileOf('python3')).toBeUndefined();
    expect(fileOf('python3', '-V')).toBeUndefined();
    expect(fileOf('python3', '--version')).toBeUndefined();
    expect(fileOf('python3', '-Z', 'main.py')).toBeUndefined();
  });
});

describe('node', () => {
  it('runs the first operand, past flags, --name=value and the options that take a value', () => {
    expect(fileOf('node', 'server.js')).toBe('server.js');
    expect(fileOf('node', '--enable-source-maps', '--max-old-space-size=4096', 'dist/index.js')).toBe('dist/index.js');
    expect(fileOf('node', '-r', 'dotenv/config', '--import', 'tsx', '--env-file', '.env', 'index.js')).toBe('index.js');
    expect(fileOf('nodejs', '--', 'index.js')).toBe('index.js');
  });

  it('gives no answer for a V8 number option without =, which node refuses', () => {
    expect(fileOf('node', '--max-old-space-size', '4096', 'index.js')).toBeUndefined();
    expect(fileOf('node', '--stack-size', '900', 'index.js')).toBeUndefined();
  });

  it('runs no file of its own with -e, -p, --test, --run, -i or help', () => {
    for (const options of [['-e', 'code'], ['--eval', 'code'], ['-p', '1'], ['-pe', '1'], ['--test'], ['--run', 'start'], ['-i'], ['--version'], ['-']]) {
      expect(fileOf('node', ...options, 'index.js')).toBeUndefined();
    }
    expect(fileOf('node', '-x', 'index.js')).toBeUndefined();
  });
});

describe('ruby', () => {
  it('runs the first operand, past switches and the values of -I, -r, -E and --enable', () => {
    expect(fileOf('ruby', 'app.rb')).toBe('app.rb');
    expect(fileOf('ruby', '-w', '-I', 'lib', '-r', 'bundler/setup', 'app.rb')).toBe('app.rb');
    expect(fileOf('ruby', '-Ilib', '-rjson', '--enable', 'frozen-string-literal', '--yjit', 'app.rb')).toBe('app.rb');
    expect(fileOf('ruby', '-W:no-deprecated', '-E', 'UTF-8', 'app.rb')).toBe('app.rb');
  });

  it('runs no file with -e, and gives no answer where -S, -x or -C move the lookup', () => {
    expect(fileOf('ruby', '-e', 'puts 1')).toBeUndefined();
    expect(fileOf('ruby', '-ne', 'print')).toBeUndefined();
    expect(fileOf('ruby', '-S', 'rackup')).toBeUndefined();
    expect(fileOf('ruby', '-C', '/app', 'app.rb')).toBeUndefined();
    expect(fileOf('ruby', '--version')).toBeUndefined();
  });
});

describe('perl', () => {
  it('runs the first operand, past switch clusters and -I values', () => {
    expect(fileOf('perl', 'app.pl')).toBe('app.pl');
    expect(fileOf('perl', '-w', '-T', 'app.pl')).toBe('app.pl');
    expect(fileOf('perl', '-I', '/app/lib', '-Mstrict', '-Ilocal/lib', 'app.pl')).toBe('app.pl');
    expect(fileOf('perl', '-l', '-0777', '-CSD', 'app.pl')).toBe('app.pl');
    expect(fileOf('perl', '--', 'app.pl')).toBe('app.pl');
  });

  it('runs no file with -e or -E, even in a cluster; no answer for -S and -x', () => {
    expect(fileOf('perl', '-e', 'print 1')).toBeUndefined();
    expect(fileOf('perl', '-lne', 'print')).toBeUndefined();
    expect(fileOf('perl', '-E', 'say 1')).toBeUndefined();
    expect(fileOf('perl', '-S', 'app.pl')).toBeUndefined();
    expect(fileOf('perl', '-x', 'app.pl')).toBeUndefined();
    expect(fileOf('perl', '-v')).toBeUndefined();
  });
});

describe('php', () => {
  it('runs the first operand or the value of -f, past -d, -c and flags', () => {
    expect(fileOf('php', 'index.php')).toBe('index.php');
    expect(fileOf('php', '-d', 'memory_limit=1G', '-dopcache.enable=1', '-n', 'worker.php')).toBe('worker.php');
    expect(fileOf('php', '-c', '/etc/php.ini', '-f', 'worker.php')).toBe('worker.php');
    expect(fileOf('php', '-fworker.php')).toBe('worker.php');
    expect(fileOf('php', '--file=worker.php')).toBe('worker.php');
  });

  it('runs no file of its own with -r, -S, -a, -l or `--`', () => {
    expect(fileOf('php', '-r', 'echo 1;')).toBeUndefined();
    expect(fileOf('php', '-S', '0.0.0.0:8080', '-t', 'public')).toBeUndefined();
    expect(fileOf('php', '-a')).toBeUndefined();
    expect(fileOf('php', '-l', 'index.php')).toBeUndefined();
    expect(fileOf('php', '--', 'args')).toBeUndefined();
  });
});

describe('java', () => {
  it('runs the jar of -jar, past JVM options', () => {
    expect(fileOf('java', '-jar', '/app/app.jar')).toEqual(['jar', '/app/app.jar']);
    expect(
      fileOf(
        'java',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-Dspring.profiles.active=prod',
        '--add-opens',
        'java.base/java.lang=ALL-UNNAMED',
        '-jar',
        'app.jar',
        '--server.port=8080',
      ),
    ).toEqual(['jar', 'app.jar']);
    // -jar wins over a class path given before it.
    expect(fileOf('java', '-cp', 'x.jar', '-jar', 'app.jar')).toEqual(['jar', 'app.jar']);
  });

  it('names the class path the main class is to come from', () => {
    expect(fileOf('java', '-cp', '/app/resources:/app/classes:/app/libs/*', 'com.example.Main')).toEqual([
      'classpath',
      '/app/resources:/app/classes:/app/libs/*',
      'com.example.Main',
    ]);
    expect(fileOf('java', '-Xss1m', '--class-path=app.jar', 'Main', 'arg')).toEqual(['classpath', 'app.jar', 'Main']);
    expect(fileOf('java', '-classpath', 'app.jar', '-p', 'mods', 'Main')).toEqual(['classpath', 'app.jar', 'Main']);
  });

  it('runs a .java source file', () => {
    expect(fileOf('java', '-Xmx64m', 'Hello.java')).toBe('Hello.java');
  });

  it('gives no answer for a module, an argument file, CLASSPATH or the runtime image, help and version', () => {
    expect(fileOf('java', '-m', 'com.example/com.example.Main')).toBeUndefined();
    expect(fileOf('java', '--module=com.example')).toBeUndefined();
    expect(fileOf('java', '@/app/jvm.args')).toBeUndefined();
    // Without -cp the class path is CLASSPATH or the working directory.
    expect(fileOf('java', 'com.example.Main')).toBeUndefined();
    expect(fileOf('java', '-cp', '/missing', 'jdk.internal.Main')).toBeUndefined();
    expect(fileOf('java', '-version')).toBeUndefined();
    expect(fileOf('java', '-jar')).toBeUndefined();
  });
});

describe('sh, bash, dash', () => {
  it('runs the first operand, past options and the values of -o and --rcfile', () => {
    expect(fileOf('/bin/sh', '/app/start.sh')).toBe('/app/start.sh');
    expect(fileOf('bash', '-e', '-o', 'pipefail', 'start.sh', 'arg')).toBe('start.sh');
    expect(fileOf('bash', '--norc', '--rcfile', '/etc/rc', '-ex', 'start.sh')).toBe('start.sh');
    expect(fileOf('dash', '+e', '--', 'start.sh')).toBe('start.sh');
  });

  it('runs no file with -c (the shell form) or -s, or with nothing to run', () => {
    expect(fileOf('/bin/sh', '-c', 'exec /app')).toBeUndefined();
    expect(fileOf('/bin/bash', '-o', 'pipefail', '-c', 'app | tee')).toBeUndefined();
    expect(fileOf('/bin/sh', '-s', 'arg')).toBeUndefined();
    expect(fileOf('/bin/sh', '-ec', 'exec /app')).toBeUndefined();
    expect(fileOf('/bin/sh')).toBeUndefined();
    expect(fileOf('bash', '--version')).toBeUndefined();
  });
});

it('counts the index in the whole argv', () => {
  expect(interpreterArgument(['java', '-Xmx1g', '-jar', 'app.jar'])).toEqual({ language: 'java', role: 'jar', index: 3, argument: 'app.jar' });
  expect(interpreterArgument([])).toBeUndefined();
});

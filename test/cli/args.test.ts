import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.ts';
import { UserError } from '../../src/errors.ts';

function parseError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error(`parseCliArgs(${JSON.stringify(argv)}) did not fail`);
}

describe('parseCliArgs', () => {
  it('reads check with every option, repeatable ones in order', () => {
    expect(
      parseCliArgs([
        'check',
        '--policy',
        'p.yml',
        '--baseline',
        'a=report:a.json',
        '--baseline',
        'b=docker://r/b:1',
        '--dockerfile',
        'a=a/Dockerfile',
        '--fail-on',
        'warning',
        '--format',
        'sarif',
        '--platform',
        'linux/aarch64',
        'a=img:1',
        'b=img:2',
      ]),
    ).toEqual({
      command: 'check',
      images: ['a=img:1', 'b=img:2'],
      policy: 'p.yml',
      baseline: ['a=report:a.json', 'b=docker://r/b:1'],
      dockerfile: ['a=a/Dockerfile'],
      failOn: 'warning',
      format: 'sarif',
      platform: { os: 'linux', architecture: 'arm64' },
    });
  });

  it('defaults check to text, no baseline, no Dockerfile, the policy fail-on', () => {
    expect(parseCliArgs(['check', 'img'])).toEqual({
      command: 'check',
      images: ['img'],
      policy: undefined,
      baseline: [],
      dockerfile: [],
      failOn: undefined,
      format: 'text',
      platform: undefined,
    });
  });

  it('reads ls with the root as the default path, and layer numbers from 0', () => {
    expect(parseCliArgs(['ls', 'img'])).toEqual({ command: 'ls', image: 'img', path: '/', json: false, long: false, layer: undefined, platform: undefined });
    expect(parseCliArgs(['ls', '--json', '--long', '--layer', '0', 'img', '/usr'])).toEqual({
      command: 'ls',
      image: 'img',
      path: '/usr',
      json: true,
      long: true,
      layer: 0,
      platform: undefined,
    });
  });

  it.each(['-1', '1.5', 'top', '', '0x1', '1e2'])('refuses --layer=%s', (layer) => {
    expect(parseError(['ls', `--layer=${layer}`, 'img'])).toBe(`ls: --layer takes a layer number from 0, not "${layer}"`);
  });

  it('says how to give an option a value that starts with -, and when the value is missing', () => {
    expect(parseError(['ls', '--layer', '-1', 'img'])).toBe(
      'ls: --layer needs a value (write --layer=VALUE for one that starts with -) (see distroless-guard ls --help)',
    );
    expect(parseError(['check', 'img', '--policy'])).toBe(
      'check: --policy needs a value (write --policy=VALUE for one that starts with -) (see distroless-guard check --help)',
    );
  });

  it('reads cat and diff', () => {
    expect(parseCliArgs(['cat', '--platform', 'arm64', 'img', '/etc/passwd'])).toEqual({
      command: 'cat',
      image: 'img',
      path: '/etc/passwd',
      platform: { os: 'linux', architecture: 'arm64' },
    });
    expect(parseCliArgs(['diff', '--format', 'json', 'report:old.json', 'img'])).toEqual({
      command: 'diff',
      base: 'report:old.json',
      image: 'img',
      format: 'json',
      platform: undefined,
    });
  });

  it('gives help for a command with -h, --help or help COMMAND, and the version with -v', () => {
    expect(parseCliArgs(['ls', '-h'])).toEqual({ command: 'help', topic: 'ls' });
    expect(parseCliArgs(['check', 'img', '--help'])).toEqual({ command: 'help', topic: 'check' });
    expect(parseCliArgs(['help', 'diff'])).toEqual({ command: 'help', topic: 'diff' });
    expect(parseCliArgs([])).toEqual({ command: 'help', topic: undefined });
    expect(parseCliArgs(['-v'])).toEqual({ command: 'version' });
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' });
  });

  it.each([
    [['main'], 'unknown command "main"; expected check, ls, cat, diff or migrate (see --help)'],
    [['ls', '--frob', 'img'], 'ls: unknown option --frob (see distroless-guard ls --help)'],
    [['cat', '-x', 'img', '/a'], 'cat: unknown option -x (see distroless-guard cat --help)'],
    [['cat', 'img'], 'cat: expected IMAGE PATH'],
    [['ls', 'img', '/a', '/b'], 'ls: expected IMAGE [PATH]'],
    [['diff', 'img'], 'diff: expected BASE IMAGE'],
    [['diff', '--format', 'sarif', 'a', 'b'], 'diff: --format must be one of text, json, not "sarif"'],
    [['check', '--json', 'img'], 'check: unknown option --json (see distroless-guard check --help)'],
    [['check', '--platform', 'linux//amd64', 'img'], '"linux//amd64" is not a platform; expected OS/ARCH[/VARIANT] such as linux/amd64'],
  ])('refuses %j', (argv, message) => {
    expect(parseError(argv)).toBe(message);
  });
});

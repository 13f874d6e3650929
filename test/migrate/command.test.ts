import { describe, expect, it } from 'vitest';
import { readWrapper, splitCommand } from '../../src/migrate/command.ts';

describe('splitCommand', () => {
  it.each([
    ['/app/server --port 8080', ['/app/server', '--port', '8080']],
    ['  exec  /app/server\t-v ', ['/app/server', '-v']],
    ["java -jar '/opt/my app.jar'", ['java', '-jar', '/opt/my app.jar']],
    ['node "server.js" --title="a b"', ['node', 'server.js', '--title=a b']],
    ['run a\\ b', ['run', 'a b']],
    ['server --url=http://x/?a', undefined],
  ])('%j → %j', (text, words) => {
    const split = splitCommand(text);
    if (words) expect(split).toEqual({ words });
    else expect(split).toHaveProperty('reason');
  });

  it.each([
    ['server | tee log', 'a pipe (|)'],
    ['server > /tmp/log', 'a redirection (>)'],
    ['server && other', 'a background or && list (&)'],
    ['server; other', 'a command list (;)'],
    ['server $PORT', 'a variable or command substitution ($)'],
    ['server "$PORT"', 'a variable or command substitution ($) inside double quotes'],
    ['server `id`', 'a command substitution (`)'],
    ['server *.conf', 'a glob (*)'],
    ['server ~/conf', 'a home directory (~)'],
    ['server # comment', 'a comment (#)'],
    ["server 'open", "an unclosed quote (')"],
    ['cd /app', 'the shell\'s own command "cd"'],
    ['PORT=80 server', 'a variable assignment (PORT=)'],
    ['', 'no command'],
    ['a\nb', 'more than one line'],
  ])('%j needs a shell: %s', (text, reason) => {
    expect(splitCommand(text)).toEqual({ reason });
  });
});

describe('readWrapper', () => {
  it('reads a script that only sets options, exports literals and execs', () => {
    expect(readWrapper('#!/bin/sh\nset -e\n\n# run\nexport A=1\nexport B="two words"\nexec /app/server -x "$@"\n')).toEqual({
      wrapper: {
        argv: ['/app/server', '-x'],
        passesArguments: true,
        env: [
          ['A', '1'],
          ['B', 'two words'],
        ],
      },
    });
    expect(readWrapper('#!/bin/sh\nexec /app/server\n')).toEqual({ wrapper: { argv: ['/app/server'], passesArguments: false, env: [] } });
  });

  it.each([
    ['#!/bin/sh\n/app/migrate\nexec /app/server\n', 'line 2 runs "/app/migrate" in the shell'],
    ['#!/bin/sh\nexport A=$HOME\nexec /app/server\n', 'line 2 exports a value the shell computes (a variable or command substitution ($))'],
    ['#!/bin/sh\nexec /app/server > /tmp/log\n', 'line 2 has a redirection (>)'],
    ['#!/bin/sh\nexec /app/server\necho done\n', 'line 3 comes after the exec line'],
    ['#!/bin/sh\nset -e\n', 'it has no exec line'],
  ])('refuses %j: %s', (text, reason) => {
    expect(readWrapper(text)).toEqual({ reason });
  });
});

import { describe, expect, it } from 'vitest';
import {
  escapeCommandData,
  escapeCommandProperty,
  escapeMarkdown,
  inlineCode,
  markdownLink,
  markdownUrl,
  sanitizeText,
  singleLine,
  tableCode,
  truncateText,
} from '../../src/report/escape.ts';

const ZWJ = '\u200D';

describe('escapeMarkdown', () => {
  it('escapes table pipes, backticks, emphasis and backslashes', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMarkdown('`x`')).toBe('\\`x\\`');
    expect(escapeMarkdown('*bold* _it_ ~~s~~')).toBe('\\*bold\\* \\_it\\_ \\~\\~s\\~\\~');
    expect(escapeMarkdown('$x^2$')).toBe('\\$x^2\\$');
  });

  it('turns HTML into entities', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('<!-- hidden -->')).toBe('&lt;!-- hidden --&gt;');
    expect(escapeMarkdown('&#64;org')).toBe(`&amp;#${ZWJ}64;org`);
  });

  it('neutralises mentions and issue references with a zero-width joiner', () => {
    expect(escapeMarkdown('@org/team')).toBe(`@${ZWJ}org/team`);
    expect(escapeMarkdown('mail a@b.c')).toBe(`mail a@${ZWJ}b.c`);
    expect(escapeMarkdown('fixes #123 and GH-7')).toBe(`fixes #${ZWJ}123 and GH-${ZWJ}7`);
    expect(escapeMarkdown('a @ b # c')).toBe('a @ b # c');
  });

  it('breaks links and images', () => {
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(escapeMarkdown('![i](https://e/x.png)')).toBe('!\\[i\\](https://e/x.png)');
  });

  it('escapes block syntax at the start', () => {
    expect(escapeMarkdown('> quote')).toBe('&gt; quote');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('+ item')).toBe('\\+ item');
    expect(escapeMarkdown('===')).toBe('\\===');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('    code')).toBe('&#32;&#32;&#32;&#32;code');
    expect(escapeMarkdown('a - b # c')).toBe('a - b # c');
  });

  it('puts line breaks on one line, as spaces or <br>', () => {
    expect(escapeMarkdown('a\nb\r\nc\rd')).toBe('a b c d');
    expect(escapeMarkdown('a\n# b', { lineBreaks: 'br' })).toBe('a<br>\\# b');
    expect(escapeMarkdown('a\u2028b')).toBe('a b');
  });

  it('replaces invalid unicode and control characters', () => {
    expect(escapeMarkdown('bad\uD800x')).toBe('bad\uFFFDx');
    expect(escapeMarkdown('\u001b[31mred')).toBe('\uFFFD\\[31mred');
    expect(escapeMarkdown('a\u202Eb')).toBe('a\uFFFDb');
  });
});

describe('inlineCode', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(inlineCode('/bin/sh')).toBe('`/bin/sh`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('a```b`c')).toBe('````a```b`c````');
  });

  it('pads text that starts or ends with a backtick or a space', () => {
    expect(inlineCode('`x')).toBe('`` `x ``');
    expect(inlineCode(' x ')).toBe('`  x  `');
    expect(inlineCode('   ')).toBe('`   `');
    expect(inlineCode('')).toBe('<code></code>');
  });

  it('keeps the code on one line', () => {
    expect(inlineCode('a\nb')).toBe('`a b`');
  });
});

describe('tableCode', () => {
  it('is a code span without pipes and an escaped <code> element with them', () => {
    expect(tableCode('/bin/sh')).toBe('`/bin/sh`');
    expect(tableCode('a|b<c>')).toBe('<code>a\\|b&lt;c&gt;</code>');
  });
});

describe('links', () => {
  it('percent-encodes what would end the link or the table cell', () => {
    expect(markdownUrl('https://github.com/o/r/blob/abc/my dir/Dockerfile (1)|x#L3')).toBe(
      'https://github.com/o/r/blob/abc/my%20dir/Dockerfile%20%281%29%7Cx#L3',
    );
    expect(markdownUrl('https://e.com/a%20b')).toBe('https://e.com/a%20b');
    expect(markdownUrl('https://e.com/é/😀')).toBe('https://e.com/%C3%A9/%F0%9F%98%80');
  });

  it('refuses other schemes', () => {
    expect(markdownUrl('javascript:alert(1)')).toBeUndefined();
    expect(markdownLink('x', 'javascript:alert(1)')).toBe('x');
    expect(markdownLink('Dockerfile:3', 'https://e.com/Dockerfile#L3')).toBe('[Dockerfile:3](https://e.com/Dockerfile#L3)');
    expect(markdownLink('[a](b)', undefined)).toBe('\\[a\\](b)');
  });
});

describe('workflow command values', () => {
  it('escapes data as @actions/core does', () => {
    expect(escapeCommandData('50%\r\n::error::x')).toBe('50%25%0D%0A::error::x');
    expect(escapeCommandData('%0A')).toBe('%250A');
  });

  it('also escapes colons and commas in properties', () => {
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});

describe('plain text', () => {
  it('sanitizes and joins lines', () => {
    expect(sanitizeText('a\tb\u0007c\r\nd\re\u2028')).toBe('a b\uFFFDc\nd\ne\n');
    expect(singleLine('a\r\nb\nc')).toBe('a b c');
  });

  it('truncates by code points with an ellipsis', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('😀😀😀', 2)).toBe('😀…');
  });
});

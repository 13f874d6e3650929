/**
 * Escaping for untrusted text: file names, labels, env values, Dockerfile text and messages all
 * come from an image or a repository, so they must not break a table, ping someone, link to
 * somewhere, inject HTML, or start a workflow command.
 */

/** Control characters (except tab and line breaks) and bidi overrides, which can disguise text. */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
const ZERO_WIDTH_JOINER = '\u200D';

/** Well-formed text (lone surrogates become U+FFFD) without control characters; tabs become spaces, line breaks `\n`. */
export function sanitizeText(text: string): string {
  return text.toWellFormed().replace(UNSAFE_CHARACTERS, '\uFFFD').replaceAll('\t', ' ').replace(LINE_BREAKS, '\n');
}

/** `sanitizeText` on one line: line breaks become spaces. */
export function singleLine(text: string): string {
  return sanitizeText(text).replace(LINE_BREAKS, ' ');
}

/** At most `max` code points (an ellipsis included), never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  // UTF-16 units are never fewer than code points: short strings need no counting.
  if (text.length <= max) return text.toWellFormed();
  let count = 0;
  let offset = 0;
  let cut = 0;
  for (const char of text) {
    count += 1;
    if (count === max) cut = offset;
    if (count > max) return `${text.slice(0, cut).toWellFormed()}…`;
    offset += char.length;
  }
  return text.toWellFormed();
}

const MARKDOWN_REPLACEMENTS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
  $: '\\$',
};

/**
 * Text for anywhere inline in Markdown, table cells included: no emphasis, links, images, HTML
 * (comments, `<script>`, entities), math, pipes, mentions or issue references; block syntax at
 * the start (`#`, `-`, `+`, `=`, `1.`, indentation) is escaped because callers put text at the
 * start of list items. Line breaks become spaces, or `<br>` where a cell may hold several lines.
 */
export function escapeMarkdown(text: string, options: { lineBreaks?: 'space' | 'br' } = {}): string {
  const lines = sanitizeText(text).split(LINE_BREAKS).map(escapeMarkdownLine);
  return lines.join(options.lineBreaks === 'br' ? '<br>' : ' ');
}

function escapeMarkdownLine(line: string): string {
  const escaped = line
    .replace(/[&<>\\`*_[\]|~$]/g, (char) => MARKDOWN_REPLACEMENTS[char])
    // A joiner after `@` or `#` keeps the text readable but out of GitHub's reference filters.
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`)
    .replace(/#(?=[0-9])/g, `#${ZERO_WIDTH_JOINER}`)
    .replace(/\b(GH-)(?=[0-9])/gi, `$1${ZERO_WIDTH_JOINER}`);
  return escaped
    .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length))
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^([0-9]+)([.)])/, '$1\\$2');
}

/**
 * A code span holding `text` exactly (on one line): the fence is one backtick longer than the
 * longest run of backticks inside, padded when the text starts or ends with a backtick or space.
 * Not for table cells when the text has `|`: use `tableCode`.
 */
export function inlineCode(text: string): string {
  const line = singleLine(text);
  if (line === '') return '<code></code>';
  const longestRun = Math.max(0, ...Array.from(line.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(line) && !/^ +$/.test(line) ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * Code for a table cell. GFM splits rows on every unescaped `|`, code spans included, and a
 * backslash inside a code span shows up literally; so text with a pipe goes into a `<code>`
 * element whose content is escaped Markdown instead.
 */
export function tableCode(text: string): string {
  return text.includes('|') ? `<code>${escapeMarkdown(text)}</code>` : inlineCode(text);
}

/**
 * A URL safe inside `[text](url)` and table cells, or undefined when it is not http(s) (no
 * `javascript:` links). Existing `%` escapes are kept; spaces, brackets, parentheses, pipes,
 * quotes and non-ASCII characters are percent-encoded.
 */
export function markdownUrl(url: string): string | undefined {
  const clean = url.toWellFormed().trim();
  if (!/^https?:\/\//i.test(clean)) return undefined;
  return clean.replace(/[^\w\-.~:/?#@!$&'*+,;=%]/gu, (char) =>
    char.length === 1 && char.charCodeAt(0) < 0x80 ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(char),
  );
}

/** `[text](url)` with escaped text; the text alone when the URL is not usable. */
export function markdownLink(text: string, url: string | undefined): string {
  return linkAround(escapeMarkdown(text), url);
}

/** A link around Markdown that is already safe (escaped text, a code span). */
export function linkAround(markdown: string, url: string | undefined): string {
  const safe = url === undefined ? undefined : markdownUrl(url);
  return safe === undefined ? markdown : `[${markdown}](${safe})`;
}

/** The value of a workflow command (`::error::VALUE`), as @actions/core escapes it. */
export function escapeCommandData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command property (`::error file=VALUE,title=VALUE::`), as @actions/core escapes it. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

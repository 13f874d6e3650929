import type { FileLookup } from '../image/types.ts';
import type { TextInputs } from './inputs.ts';

/** Where os-release(5) may be, in the order it is looked for. */
const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'];

export const OS_INPUTS: TextInputs = { files: Object.fromEntries(OS_RELEASE_FILES.map((path) => [path, 64 << 10])) };

export interface OsFacts {
  id?: string;
  versionId?: string;
  prettyName?: string;
  /** The file the facts came from. */
  source: string;
}

/** `/etc/os-release`, else `/usr/lib/os-release` (where distroless keeps it). */
export function osFacts(fs: FileLookup): OsFacts | undefined {
  for (const source of OS_RELEASE_FILES) {
    const file = fs.captured(source);
    if (!file) continue;
    const values = parseOsRelease(file.head.toString('utf8'));
    return { id: values.ID, versionId: values.VERSION_ID, prettyName: values.PRETTY_NAME, source };
  }
  return undefined;
}

/**
 * `NAME=value` lines as os-release(5) writes them: shell-style values, where double quotes take
 * backslash escapes of `"`, `\`, `$` and `` ` ``, single quotes are literal, and a backslash outside
 * quotes escapes any character. Comments and lines that are not assignments are skipped.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]] = unquote(match[2].trim());
  }
  return values;
}

function unquote(raw: string): string {
  let value = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else value += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1])) value += raw[++i];
      else value += char;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '\\' && i + 1 < raw.length) {
      value += raw[++i];
    } else {
      value += char;
    }
  }
  return value;
}

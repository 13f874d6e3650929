import type { FileLookup } from '../image/types.ts';

export interface OsFacts {
  id?: string;
  versionId?: string;
  prettyName?: string;
  /** The file the facts came from. */
  source: string;
}

/** `/etc/os-release`, else `/usr/lib/os-release` (where distroless keeps it). */
export function osFacts(fs: FileLookup): OsFacts | undefined {
  for (const source of ['/etc/os-release', '/usr/lib/os-release']) {
    const file = fs.captured(source);
    if (!file) continue;
    const values = parseOsRelease(file.head.toString('utf8'));
    return { id: values.ID, versionId: values.VERSION_ID, prettyName: values.PRETTY_NAME, source };
  }
  return undefined;
}

export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2].trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    values[match[1]] = value;
  }
  return values;
}

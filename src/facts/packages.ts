import type { FileLookup } from '../image/types.ts';

export interface PackageInventory {
  manager: 'dpkg' | 'apk';
  /** Where the database was found. */
  source: string;
  count: number;
  names: string[];
}

/** Installed packages from dpkg (`status`, or distroless' `status.d/*`) and apk databases. */
export function packageInventories(fs: FileLookup): PackageInventory[] {
  const inventories: PackageInventory[] = [];
  const status = fs.captured('/var/lib/dpkg/status');
  if (status) inventories.push(inventory('dpkg', '/var/lib/dpkg/status', dpkgInstalled(status.head.toString('utf8'))));
  const statusD = fs.list('/var/lib/dpkg/status.d');
  if (statusD.length > 0) {
    const names = statusD.flatMap((file) => dpkgInstalled(fs.captured(`/var/lib/dpkg/status.d/${file}`)?.head.toString('utf8') ?? '', false));
    inventories.push(inventory('dpkg', '/var/lib/dpkg/status.d', names));
  }
  const apk = fs.captured('/lib/apk/db/installed');
  if (apk) {
    const names = apk.head
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('P:'))
      .map((line) => line.slice(2).trim());
    inventories.push(inventory('apk', '/lib/apk/db/installed', names));
  }
  return inventories;
}

function inventory(manager: 'dpkg' | 'apk', source: string, names: string[]): PackageInventory {
  const unique = [...new Set(names)].sort();
  return { manager, source, count: unique.length, names: unique };
}

/** Package names from dpkg control paragraphs; in `status` only those whose Status says installed. */
function dpkgInstalled(text: string, requireStatus = true): string[] {
  const names: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const name = /^Package:\s*(\S+)/m.exec(paragraph)?.[1];
    if (!name) continue;
    const status = /^Status:\s*(.*)$/m.exec(paragraph)?.[1];
    if (requireStatus && !(status ?? '').trim().endsWith(' installed')) continue;
    names.push(name);
  }
  return names;
}

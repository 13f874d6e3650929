import type { FileLookup } from '../image/types.ts';
import type { TextInputs } from './inputs.ts';

const DPKG_STATUS = '/var/lib/dpkg/status';
/** Distroless keeps one control file per package here instead of `status`. */
const DPKG_STATUS_D = '/var/lib/dpkg/status.d';
const APK_INSTALLED = '/lib/apk/db/installed';

export const PACKAGE_INPUTS: TextInputs = {
  files: { [DPKG_STATUS]: 32 << 20, [APK_INSTALLED]: 32 << 20 },
  dirs: { [DPKG_STATUS_D]: 1 << 20 },
};

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
  const status = fs.captured(DPKG_STATUS);
  if (status) inventories.push(inventory('dpkg', DPKG_STATUS, dpkgInstalled(status.head.toString('utf8'))));
  const statusD = fs.list(DPKG_STATUS_D);
  if (statusD.length > 0) {
    const names = statusD.flatMap((file) => dpkgInstalled(fs.captured(`${DPKG_STATUS_D}/${file}`)?.head.toString('utf8') ?? '', false));
    inventories.push(inventory('dpkg', DPKG_STATUS_D, names));
  }
  const apk = fs.captured(APK_INSTALLED);
  if (apk) {
    const names = apk.head
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('P:'))
      .map((line) => line.slice(2).trim());
    inventories.push(inventory('apk', APK_INSTALLED, names));
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

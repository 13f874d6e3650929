import { posix } from 'node:path';
import { UserError } from '../../errors.ts';
import { type TarMember, cleanPath } from '../tar.ts';

/**
 * Link members of an image archive. Docker 1.12 to 24 saves a layer identical to an earlier one
 * as a symlink to that layer's `layer.tar` (moby `tarexport/save.go`); hard links name their
 * target from the archive's root, symlinks from their own directory.
 */
export class ArchiveLinks {
  private readonly label: string;
  private readonly targets = new Map<string, string>();

  constructor(label: string) {
    this.label = label;
  }

  /** Records `member` when it is a link; false for every other member. */
  add(member: TarMember): boolean {
    if (member.typeflag !== '1' && member.typeflag !== '2') return false;
    const name = cleanPath(member.name).slice(1);
    const hard = member.typeflag === '1';
    const normal = posix.normalize(hard ? member.linkname.replace(/^\/+/, '') : posix.join(posix.dirname(name), member.linkname));
    // An absolute symlink points into the host's filesystem once extracted.
    if ((!hard && member.linkname.startsWith('/')) || normal === '..' || normal.startsWith('../')) {
      throw new UserError(`${this.label}: ${name} links to ${member.linkname}, outside the archive`);
    }
    this.targets.set(name, cleanPath(normal).slice(1));
    return true;
  }

  /** The member a name stands for, following links to the end; a loop is refused. */
  resolve(name: string): string {
    const seen = new Set<string>();
    let current = name;
    for (let next = this.targets.get(current); next !== undefined; next = this.targets.get(current)) {
      seen.add(current);
      if (seen.has(next)) throw new UserError(`${this.label}: ${name} is a link that loops back to ${next}`);
      current = next;
    }
    return current;
  }
}

import type { FileLookup } from '../image/types.ts';
import type { TextInputs } from './inputs.ts';

const PASSWD = '/etc/passwd';
const GROUP = '/etc/group';

export const USER_INPUTS: TextInputs = { files: { [PASSWD]: 1 << 20, [GROUP]: 1 << 20 } };

export interface UserEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
}

export function usersOf(fs: FileLookup): UserEntry[] {
  const text = fs.captured(PASSWD)?.head.toString('utf8') ?? '';
  const users: UserEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 7 || !/^\d+$/.test(fields[2]) || !/^\d+$/.test(fields[3])) continue;
    users.push({ name: fields[0], uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5], shell: fields[6].trim() });
  }
  return users;
}

export function groupsOf(fs: FileLookup): GroupEntry[] {
  const text = fs.captured(GROUP)?.head.toString('utf8') ?? '';
  const groups: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 3 || !/^\d+$/.test(fields[2])) continue;
    groups.push({ name: fields[0], gid: Number(fields[2]) });
  }
  return groups;
}

export interface RuntimeUser {
  /** `User` as configured (`name`, `uid`, `name:group`, `uid:gid`); empty means root. */
  configured: string;
  uid?: number;
  gid?: number;
  /** False when a name does not resolve through the image's passwd/group: the runtime would fail to start. */
  resolved: boolean;
}

/**
 * Resolves the config's `User` the way runc does: an empty user part is root, a number is the uid
 * as it is (its gid from /etc/passwd when listed, else 0), a name must be in /etc/passwd; a group
 * part is a gid as it is, or a name that must be in /etc/group.
 */
export function runtimeUser(configured: string | undefined, users: UserEntry[], groups: GroupEntry[]): RuntimeUser {
  const value = (configured ?? '').trim();
  if (value === '') return { configured: '', uid: 0, gid: 0, resolved: true };
  const [userPart, groupPart] = value.split(':', 2);
  let uid: number | undefined = 0;
  let gid: number | undefined = 0;
  let resolved = true;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    gid = users.find((u) => u.uid === uid)?.gid ?? 0;
  } else if (userPart !== '') {
    const user = users.find((u) => u.name === userPart);
    uid = user?.uid;
    gid = user?.gid;
    if (!user) resolved = false;
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const group = groups.find((g) => g.name === groupPart);
      gid = group?.gid;
      if (!group) resolved = false;
    }
  }
  return { configured: value, uid, gid, resolved };
}

import type { FileLookup } from '../image/types.ts';

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
  const text = fs.captured('/etc/passwd')?.head.toString('utf8') ?? '';
  const users: UserEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 7 || !/^\d+$/.test(fields[2]) || !/^\d+$/.test(fields[3])) continue;
    users.push({ name: fields[0], uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5], shell: fields[6].trim() });
  }
  return users;
}

export function groupsOf(fs: FileLookup): GroupEntry[] {
  const text = fs.captured('/etc/group')?.head.toString('utf8') ?? '';
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

/** Resolves the config's `User` the way runc does: numbers as they are, names through /etc/passwd and /etc/group. */
export function runtimeUser(configured: string | undefined, users: UserEntry[], groups: GroupEntry[]): RuntimeUser {
  const value = (configured ?? '').trim();
  if (value === '') return { configured: '', uid: 0, gid: 0, resolved: true };
  const [userPart, groupPart] = value.split(':', 2);
  let uid: number | undefined;
  let gid: number | undefined;
  let resolved = true;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    gid = users.find((u) => u.uid === uid)?.gid;
  } else {
    const user = users.find((u) => u.name === userPart);
    uid = user?.uid;
    gid = user?.gid;
    if (!user) resolved = false;
  }
  if (groupPart !== undefined) {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const group = groups.find((g) => g.name === groupPart);
      gid = group?.gid;
      if (!group) resolved = false;
    }
  }
  return { configured: value, uid, gid, resolved };
}

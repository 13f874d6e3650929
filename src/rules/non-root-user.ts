import { defineRule } from './rule.ts';

const HINT = 'set USER to a non-root user, e.g. USER 65532:65532 (distroless images name it nonroot)';

export const nonRootUser = defineRule({
  id: 'non-root-user',
  title: 'Runs as a non-root user',
  anchor: 'non-root-user',
  levels: { recommended: 'error', strict: 'error' },
  options: { numeric: { kind: 'flag', default: false } },
  needsFiles: false,
  check: ({ facts, options }) => {
    const user = facts.user;
    if (user.configured === '') return [{ message: 'no USER is set, so the container runs as root', setting: 'USER', hint: HINT }];
    if (!user.resolved) {
      const where = facts.filesRead ? 'in the image /etc/passwd or /etc/group' : '(the image files were not read)';
      return [
        {
          message: `USER ${user.configured} does not resolve ${where}; the runtime cannot start the container`,
          setting: 'USER',
          hint: 'use numeric ids (USER 65532:65532) or add the user to /etc/passwd',
        },
      ];
    }
    if (user.uid === 0) return [{ message: `USER ${user.configured} is root (uid 0)`, setting: 'USER', hint: HINT }];
    // The kubelet checks runAsNonRoot against the image's uid before the container starts: a name it cannot check.
    if (options.numeric && !/^\d+$/.test(user.configured.split(':')[0]))
      return [
        {
          message: `USER ${user.configured} names the user instead of its uid: Kubernetes refuses to start it with runAsNonRoot (it cannot verify a user name is not root)`,
          setting: 'USER',
          hint: `write the ids, e.g. USER ${user.uid}:${user.gid}`,
        },
      ];
    return [];
  },
});

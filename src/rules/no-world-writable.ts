import { defineRule } from './rule.ts';

/** Scratch directories that are world-writable by design, when sticky. */
const STICKY_SCRATCH = new Set(['/tmp', '/var/tmp', '/dev/shm', '/run/lock', '/var/lock']);

export const noWorldWritable = defineRule({
  id: 'no-world-writable',
  title: 'No world-writable files or directories outside /tmp',
  anchor: 'no-world-writable',
  levels: { recommended: 'off', strict: 'warning' },
  options: {},
  needsFiles: true,
  check: ({ facts }) => {
    // A sticky scratch directory and what is in it are fine: anyone may write there, nobody may remove what others wrote.
    const scratch = facts.worldWritable
      .filter((file) => file.type === 'dir' && STICKY_SCRATCH.has(file.path) && (file.mode & 0o1000) !== 0)
      .map((dir) => dir.path);
    return facts.worldWritable
      .filter((file) => !scratch.some((dir) => file.path === dir || file.path.startsWith(`${dir}/`)))
      .map((file) => ({
        message: `${file.path} is world-writable (mode ${file.mode.toString(8).padStart(4, '0')})`,
        path: file.path,
        layer: file.layer,
        hint:
          file.type === 'dir' && STICKY_SCRATCH.has(file.path)
            ? `set the sticky bit: chmod 1777 ${file.path}`
            : 'chmod o-w it in the build stage (COPY --chmod=0755)',
      }));
  },
});

import { defineRule } from './rule.ts';

export const noSetuid = defineRule({
  id: 'no-setuid',
  title: 'No setuid or setgid files',
  anchor: 'no-setuid',
  levels: { recommended: 'warning', strict: 'error' },
  options: {},
  needsFiles: true,
  check: ({ facts }) =>
    facts.setuid.map((file) => {
      const bits = [(file.mode & 0o4000) !== 0 && 'setuid', (file.mode & 0o2000) !== 0 && 'setgid'].filter(Boolean).join(' and ');
      return {
        message: `${file.path} is ${bits} (mode ${file.mode.toString(8).padStart(4, '0')})`,
        path: file.path,
        layer: file.layer,
        hint: 'remove the file, or clear the bit with chmod u-s,g-s in the build stage',
      };
    }),
});

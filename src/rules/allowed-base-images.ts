import picomatch from 'picomatch';
import type { Rule } from './rule.ts';

export const allowedBaseImages: Rule<'allowed-base-images'> = {
  id: 'allowed-base-images',
  title: 'Base image on the allowlist',
  needsFiles: false,
  check: ({ facts, options }) => {
    if (options.images.length === 0) return [];
    const base = facts.baseImage;
    const allowed = options.images.join(', ');
    if (!base) {
      return [
        {
          message: `the base image is unknown (no org.opencontainers.image.base.name annotation or label, and no Dockerfile given), so it cannot be checked against: ${allowed}`,
          setting: 'FROM',
          hint: 'pass the dockerfile input, or set the org.opencontainers.image.base.name label',
        },
      ];
    }
    if (picomatch(options.images)(base.name)) return [];
    return [{ message: `base image ${base.name} is not on the allowlist (${allowed})`, setting: 'FROM', hint: `build FROM one of: ${allowed}` }];
  },
};

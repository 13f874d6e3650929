import { matchesGlob } from '../common/glob.ts';
import { defineRule } from './rule.ts';

export const allowedBaseImages = defineRule({
  id: 'allowed-base-images',
  title: 'Base image on the allowlist',
  anchor: 'allowed-base-images',
  levels: { recommended: 'off', strict: 'off' },
  options: { images: { kind: 'globs', default: [] } },
  needsFiles: false,
  missingOption: ({ images }) => (images.length === 0 ? 'images; list the allowed base image globs' : undefined),
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
    if (options.images.some((glob) => base.forms.some((form) => matchesGlob(glob, form)))) return [];
    return [{ message: `base image ${base.name} is not on the allowlist (${allowed})`, setting: 'FROM', hint: `build FROM one of: ${allowed}` }];
  },
});

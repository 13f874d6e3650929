import { formatSize } from '../common/sizes.ts';
import type { LeftoverKind } from '../facts/index.ts';
import { defineRule } from './rule.ts';

/** What each leftover is, in words, and how to keep it out; `{path}` is where it was found. */
const KINDS: Record<LeftoverKind, { what: string; hint: string }> = {
  git: { what: 'a git repository', hint: 'add .git to .dockerignore, or COPY only the files the image needs' },
  'apt-lists': {
    what: 'apt package lists',
    hint: 'rm -rf /var/lib/apt/lists/* in the same RUN as apt-get update, or RUN --mount=type=cache,target=/var/lib/apt/lists',
  },
  'apt-archives': {
    what: 'downloaded .deb packages',
    hint: 'apt-get clean in the same RUN as apt-get install, or RUN --mount=type=cache,target=/var/cache/apt',
  },
  'apt-package-cache': {
    what: "apt's package cache",
    hint: 'apt-get clean (or rm /var/cache/apt/*.bin) in the same RUN as apt-get install, or RUN --mount=type=cache,target=/var/cache/apt',
  },
  'apk-cache': { what: 'the apk cache', hint: 'apk add --no-cache, or RUN --mount=type=cache,target=/var/cache/apk' },
  'pip-cache': { what: 'the pip cache', hint: 'pip install --no-cache-dir, or RUN --mount=type=cache,target={path}' },
  'npm-cache': { what: "npm's cache", hint: 'npm cache clean --force in the same RUN as npm ci, or RUN --mount=type=cache,target={path}' },
  'yarn-cache': { what: 'the yarn cache', hint: 'yarn cache clean in the same RUN as yarn install, or RUN --mount=type=cache,target={path}' },
  'pnpm-store': { what: 'the pnpm store', hint: 'pnpm store prune in the same RUN, or RUN --mount=type=cache,target={path}, or build in a separate stage' },
  'go-build-cache': { what: 'the Go build cache', hint: 'build in a separate stage and COPY only the binary, or RUN --mount=type=cache,target={path}' },
  'maven-repository': {
    what: 'a Maven local repository',
    hint: 'build in a separate stage and COPY only the jar, or RUN --mount=type=cache,target={path}',
  },
  'gradle-cache': { what: 'Gradle caches', hint: 'build in a separate stage and COPY only the result, or RUN --mount=type=cache,target={path}' },
  'composer-cache': {
    what: 'the Composer cache',
    hint: 'composer install --no-cache (or composer clear-cache in the same RUN), or RUN --mount=type=cache,target={path}',
  },
};

export const noBuildLeftovers = defineRule({
  id: 'no-build-leftovers',
  title: 'No .git directories or package-manager caches',
  anchor: 'no-build-leftovers',
  levels: { recommended: 'warning', strict: 'error' },
  options: {},
  needsFiles: true,
  check: ({ facts }) =>
    (facts.leftovers ?? []).map((leftover) => {
      const { what, hint } = KINDS[leftover.kind];
      const files = leftover.files === 1 ? '1 file' : `${leftover.files} files`;
      return {
        message: `${what} left in the image: ${leftover.path} (${formatSize(leftover.bytes)} in ${files})`,
        path: leftover.path,
        layer: leftover.layer,
        hint: hint.replace('{path}', leftover.path),
      };
    }),
});

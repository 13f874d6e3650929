import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

describe('no-build-leftovers', () => {
  it('reports each leftover with its path, bytes, layer and the fix for its kind', () => {
    const facts = makeFacts({
      leftovers: [
        { kind: 'git', path: '/app/.git', bytes: 42, files: 2, layer: 2 },
        { kind: 'pip-cache', path: '/root/.cache/pip', bytes: 3 * 1024 * 1024, files: 120, layer: 1 },
        { kind: 'apt-lists', path: '/var/lib/apt/lists', bytes: 5120, files: 1, layer: 0 },
      ],
    });
    expect(checkRule('no-build-leftovers', facts)).toStrictEqual([
      {
        message: 'a git repository left in the image: /app/.git (42 B in 2 files)',
        path: '/app/.git',
        layer: 2,
        hint: 'add .git to .dockerignore, or COPY only the files the image needs',
      },
      {
        message: 'the pip cache left in the image: /root/.cache/pip (3 MiB in 120 files)',
        path: '/root/.cache/pip',
        layer: 1,
        hint: 'pip install --no-cache-dir, or RUN --mount=type=cache,target=/root/.cache/pip',
      },
      {
        message: 'apt package lists left in the image: /var/lib/apt/lists (5 KiB in 1 file)',
        path: '/var/lib/apt/lists',
        layer: 0,
        hint: 'rm -rf /var/lib/apt/lists/* in the same RUN as apt-get update, or RUN --mount=type=cache,target=/var/lib/apt/lists',
      },
    ]);
  });

  it('passes without leftovers, and on facts read back from a report that lacks them', () => {
    expect(checkRule('no-build-leftovers', makeFacts({ leftovers: [] }))).toStrictEqual([]);
    expect(checkRule('no-build-leftovers', makeFacts())).toStrictEqual([]);
  });
});

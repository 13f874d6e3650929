// parseReference on random text (image references come from workflow inputs and pull requests):
// a UserError or a well-formed reference, and valid references read back as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { type ImageReference, defaultImageName, parseReference } from '../../src/image/reference.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

const TRANSPORTS = ['docker://', 'docker-daemon:', 'docker-archive:', 'oci-archive:', 'oci:', ''];
const REPOSITORY = /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/;

function wellFormed(reference: ImageReference): void {
  switch (reference.transport) {
    case 'docker':
      expect(reference.registry).not.toBe('');
      expect(reference.repository).toMatch(REPOSITORY);
      if (reference.tag !== undefined) expect(reference.tag).toMatch(/^[\w][\w.-]{0,127}$/);
      if (reference.digest !== undefined) expect(reference.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(reference.tag !== undefined || reference.digest !== undefined).toBe(true);
      break;
    case 'docker-daemon':
      expect(reference.name).not.toBe('');
      break;
    default:
      expect(reference.path).not.toBe('');
      if (reference.ref !== undefined) expect(reference.ref).not.toBe('');
  }
  expect(typeof defaultImageName(reference)).toBe('string');
}

describe('parseReference on random text', () => {
  it('gives a UserError or a well-formed reference, quickly', () => {
    const text = fc.tuple(
      fc.constantFrom(...TRANSPORTS),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(fc.constantFrom(':', '/', '@', 'sha256:', 'a'.repeat(64)), { maxLength: 6 }),
    );
    fc.assert(
      fc.property(text, fc.boolean(), ([transport, body, extra], pathsExist) => {
        const input = `${transport}${body}${extra.join('')}`;
        const started = performance.now();
        try {
          wellFormed(parseReference(input, () => pathsExist));
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          expect(error.message).not.toContain('\n');
        }
        expect(performance.now() - started).toBeLessThan(50);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads long hostile names in linear time (no regular expression backtracks)', () => {
    for (const body of ['a'.repeat(50_000) + '!', `${'a.'.repeat(25_000)}!`, `${'a/'.repeat(25_000)}A`, `x:${'1'.repeat(50_000)}@`]) {
      const started = performance.now();
      expect(() => parseReference(`docker://${body}`)).toThrow(UserError);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});

describe('valid references read back', () => {
  const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8}){0,2}$/);
  const repository = fc.array(component, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
  const tag = fc.stringMatching(/^[\w][\w.-]{0,20}$/);
  const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);

  it('docker://REGISTRY/REPOSITORY[:TAG][@DIGEST], with Docker Hub defaults', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(undefined, 'ghcr.io', 'localhost:5000', 'registry.example.com:443', 'localhost'),
        repository,
        fc.option(tag, { nil: undefined }),
        fc.option(digest, { nil: undefined }),
        (registry, repo, t, d) => {
          // A first component with a dot is a registry host (docker.io/library/a.b is written in full).
          fc.pre(registry !== undefined || !repo.split('/')[0].includes('.') || !repo.includes('/'));
          const text = `docker://${registry ? `${registry}/` : ''}${repo}${t ? `:${t}` : ''}${d ? `@${d}` : ''}`;
          const parsed = parseReference(text);
          const hub = registry === undefined;
          expect(parsed).toEqual({
            transport: 'docker',
            registry: registry ?? 'docker.io',
            repository: hub && !repo.includes('/') ? `library/${repo}` : repo,
            tag: t ?? (d ? undefined : 'latest'),
            digest: d,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('TRANSPORT:PATH[:REF], the path being what exists (paths and refs may hold colons)', () => {
    const segment = fc.stringMatching(/^[a-z0-9._-]{1,8}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/tmp/${parts.join('/')}`);
    const ref = fc.stringMatching(/^[a-z0-9][a-z0-9.:/-]{0,20}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('docker-archive', 'oci-archive', 'oci'),
        path,
        fc.option(ref, { nil: undefined }),
        fc.boolean(),
        (transport, p, r, colonInPath) => {
          const stored = colonInPath ? `${p}:v1` : p;
          const exists = (candidate: string) => candidate === stored;
          expect(parseReference(`${transport}:${stored}${r ? `:${r}` : ''}`, exists)).toEqual({ transport, path: stored, ...(r ? { ref: r } : {}) });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a bare reference is a file when one exists, else an image in the engine', () => {
    expect(parseReference('app.tar', () => true)).toEqual({ transport: 'docker-archive', path: 'app.tar' });
    expect(parseReference('app:1', () => false)).toEqual({ transport: 'docker-daemon', name: 'app:1' });
    expect(parseReference('docker-archive:app.tar:app:2', (p) => p === 'app.tar')).toEqual({ transport: 'docker-archive', path: 'app.tar', ref: 'app:2' });
    // Nothing exists: split where skopeo does, at the first colon.
    expect(parseReference('oci:layout:v1:extra', () => false)).toEqual({ transport: 'oci', path: 'layout', ref: 'v1:extra' });
  });
});

// resolveImages on random and mangled JSON (manifests, indexes and configs come from the image):
// nothing but a UserError escapes, and a valid tree of indexes resolves to exactly its images.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { type Descriptor, INDEX_TYPES, MANIFEST_TYPES, resolveImages } from '../../src/image/manifest.ts';
import type { Platform } from '../../src/image/types.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const DIGESTS = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `sha256:${letter.repeat(64)}`);
const PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
];

/** JSON shaped like manifests, indexes and configs, with any value liable to be replaced by any other. */
const anything = fc.jsonValue({ maxDepth: 3 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: anything });
const digest = maybe(fc.constantFrom(...DIGESTS));
const platform = maybe(
  fc.record(
    {
      os: maybe(fc.constantFrom('linux', 'windows', 'unknown')),
      architecture: maybe(fc.constantFrom('amd64', 'arm64', 'arm', 'x86_64', 'unknown')),
      variant: maybe(fc.constantFrom('v7', 'v8')),
    },
    { requiredKeys: [] },
  ),
);
const descriptor = maybe(
  fc.record(
    {
      mediaType: maybe(fc.constantFrom(...INDEX_TYPES, ...MANIFEST_TYPES, 'application/vnd.in-toto+json')),
      digest,
      size: maybe(fc.nat()),
      platform,
      annotations: maybe(
        fc.dictionary(
          fc.constantFrom('vnd.docker.reference.type', 'org.opencontainers.image.ref.name'),
          maybe(fc.constantFrom('attestation-manifest', 'latest')),
        ),
      ),
    },
    { requiredKeys: ['digest'] },
  ),
);
const document = fc.oneof(
  fc.record({ manifests: maybe(fc.array(descriptor, { maxLength: 4 })) }, { requiredKeys: [] }),
  fc.record(
    { config: descriptor, layers: maybe(fc.array(descriptor, { maxLength: 3 })), annotations: maybe(fc.dictionary(fc.string(), fc.string())) },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      architecture: maybe(fc.constantFrom('amd64', 'arm64')),
      os: maybe(fc.constant('linux')),
      rootfs: maybe(fc.record({ diff_ids: maybe(fc.array(maybe(fc.constantFrom(...DIGESTS)), { maxLength: 3 })) })),
      config: maybe(
        fc.record(
          {
            Env: maybe(fc.array(maybe(fc.string()))),
            Entrypoint: maybe(fc.array(fc.string())),
            Labels: maybe(fc.dictionary(fc.string(), maybe(fc.string()))),
            User: maybe(fc.string()),
          },
          { requiredKeys: [] },
        ),
      ),
      history: maybe(fc.array(maybe(fc.record({ created_by: maybe(fc.string()), empty_layer: maybe(fc.boolean()) }, { requiredKeys: [] })))),
    },
    { requiredKeys: [] },
  ),
  anything,
);

describe('resolveImages on random documents', () => {
  it('throws nothing but a one-line UserError naming the reference', async () => {
    const store = fc.dictionary(fc.constantFrom(...DIGESTS), document, { maxKeys: DIGESTS.length });
    await fc.assert(
      fc.asyncProperty(
        document,
        store,
        fc.option(fc.constantFrom(...PLATFORMS), { nil: undefined }),
        fc.option(fc.constantFrom(...DIGESTS), { nil: undefined }),
        async (root, blobs, wanted, rootDigest) => {
          let fetches = 0;
          const fetchJson = async (d: Descriptor): Promise<unknown> => {
            fetches++;
            return Object.hasOwn(blobs, d.digest) ? structuredClone(blobs[d.digest]) : undefined;
          };
          try {
            const images = await resolveImages('img', root, rootDigest, fetchJson, wanted);
            for (const image of images) {
              expect(image.layers.length).toBe(image.config.rootfs?.diff_ids.length ?? 0);
              if (wanted) expect(image.platform).toEqual(wanted);
            }
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            expect(error.message).toMatch(/^img: \S/);
            expect(error.message).not.toContain('\n');
          }
          // Each digest is read once (a manifest and a config may share one), so fan-out cannot multiply work.
          expect(fetches).toBeLessThanOrEqual(2 * DIGESTS.length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** A valid tree: indexes (possibly nested, listing a manifest more than once, with attestations) over manifests of distinct platforms. */
interface Tree {
  json: Map<string, unknown>;
  root: unknown;
  /** Manifest digest → its platform, for every image the tree holds. */
  images: Map<string, Platform>;
}

const TREE: fc.Arbitrary<Tree> = fc
  .record({
    platforms: fc.subarray(PLATFORMS, { minLength: 1 }),
    nested: fc.boolean(),
    repeats: fc.nat(2),
    attestation: fc.boolean(),
    platformOnDescriptor: fc.boolean(),
  })
  .map(({ platforms, nested, repeats, attestation, platformOnDescriptor }) => {
    const json = new Map<string, unknown>();
    const images = new Map<string, Platform>();
    const listed: Descriptor[] = [];
    platforms.forEach((p, i) => {
      const configDigest = `sha256:${String(i).repeat(64)}`;
      const manifestDigest = `sha256:${String(i + 5).repeat(64)}`;
      json.set(configDigest, { ...p, rootfs: { type: 'layers', diff_ids: [`sha256:${'1'.repeat(64)}`] }, config: {} });
      json.set(manifestDigest, {
        mediaType: MANIFEST_TYPES[0],
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: 1 },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'2'.repeat(64)}`, size: 1 }],
      });
      images.set(manifestDigest, p);
      const entry: Descriptor = { mediaType: MANIFEST_TYPES[0], digest: manifestDigest, size: 1, ...(platformOnDescriptor ? { platform: p } : {}) };
      for (let r = 0; r <= repeats; r++) listed.push({ ...entry, annotations: { 'org.opencontainers.image.ref.name': `tag${r}` } });
    });
    if (attestation) {
      listed.push({ mediaType: MANIFEST_TYPES[0], digest: `sha256:${'9'.repeat(64)}`, size: 1, platform: { os: 'unknown', architecture: 'unknown' } });
    }
    let root: unknown = { mediaType: INDEX_TYPES[0], manifests: listed };
    if (nested) {
      const nestedDigest = `sha256:${'8'.repeat(64)}`;
      json.set(nestedDigest, root);
      root = {
        manifests: [
          { mediaType: INDEX_TYPES[0], digest: nestedDigest, size: 1 },
          { mediaType: INDEX_TYPES[0], digest: nestedDigest, size: 1 },
        ],
      };
    }
    return { json, root, images };
  });

describe('resolveImages on valid trees', () => {
  it('finds each image once, whatever the nesting, repetition and attestations', async () => {
    await fc.assert(
      fc.asyncProperty(TREE, async ({ json, root, images }) => {
        const resolved = await resolveImages('img', root, undefined, async (d) => json.get(d.digest));
        expect(new Map(resolved.map((image) => [image.digest, image.platform]))).toEqual(images);
        expect(resolved).toHaveLength(images.size);
      }),
      { numRuns: RUNS },
    );
  });

  it('finds exactly the platform asked for, or names the ones there are', async () => {
    await fc.assert(
      fc.asyncProperty(TREE, fc.constantFrom(...PLATFORMS), async ({ json, root, images }, wanted) => {
        const has = [...images.values()].some((p) => p.architecture === wanted.architecture);
        const resolving = resolveImages('img', root, undefined, async (d) => json.get(d.digest), wanted);
        if (has) expect((await resolving).map((image) => image.platform)).toEqual([wanted]);
        else await expect(resolving).rejects.toThrow(/^img: no image for platform /);
      }),
      { numRuns: RUNS },
    );
  });
});

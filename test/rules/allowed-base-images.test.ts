import { describe, expect, it } from 'vitest';
import { runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const BASE_NAME = 'org.opencontainers.image.base.name';
const layers = [{ entries: [{ path: 'app', content: 'x', mode: 0o755 }] }];
const DISTROLESS = ['gcr.io/distroless/*'];
const notAllowed = (name: string, allowed = DISTROLESS) => ({
  message: `base image ${name} is not on the allowlist (${allowed.join(', ')})`,
  setting: 'FROM',
  hint: `build FROM one of: ${allowed.join(', ')}`,
});

describe('allowed-base-images', () => {
  it('passes a base from the annotation on the allowlist, and reports one that is not', async () => {
    const annotated = (name: string): ImageSpec => ({ layers, annotations: { [BASE_NAME]: name } });
    expect(await runRule('allowed-base-images', annotated('gcr.io/distroless/static-debian12:nonroot'), { options: { images: DISTROLESS } })).toStrictEqual([]);
    expect(
      await runRule('allowed-base-images', annotated('gcr.io/distroless/static-debian12:debug'), { options: { images: ['gcr.io/distroless/*:nonroot'] } }),
    ).toStrictEqual([notAllowed('gcr.io/distroless/static-debian12:debug', ['gcr.io/distroless/*:nonroot'])]);
  });

  it('uses the label when there is no annotation', async () => {
    const labelled: ImageSpec = { layers, config: { Labels: { [BASE_NAME]: 'ubuntu:24.04' } } };
    expect(await runRule('allowed-base-images', labelled, { options: { images: DISTROLESS } })).toStrictEqual([notAllowed('ubuntu:24.04')]);
  });

  it("uses the Dockerfile's final FROM, matching Docker Hub names in their short and full forms", async () => {
    expect(await runRule('allowed-base-images', { layers }, { dockerfileBase: 'debian:12', options: { images: DISTROLESS } })).toStrictEqual([
      notAllowed('debian:12'),
    ]);
    expect(
      await runRule('allowed-base-images', { layers }, { dockerfileBase: 'debian:12', options: { images: ['docker.io/library/debian:*'] } }),
    ).toStrictEqual([]);
    const full: ImageSpec = { layers, annotations: { [BASE_NAME]: 'docker.io/library/debian:12' } };
    expect(await runRule('allowed-base-images', full, { options: { images: ['debian:12'] } })).toStrictEqual([]);
    expect(await runRule('allowed-base-images', { layers }, { dockerfileBase: '${BASE}', options: { images: ['${BASE}'] } })).toStrictEqual([]);
  });

  it('reports an unknown base when there is an allowlist, and passes anything without one', async () => {
    expect(await runRule('allowed-base-images', { layers }, { options: { images: DISTROLESS } })).toStrictEqual([
      {
        message:
          'the base image is unknown (no org.opencontainers.image.base.name annotation or label, and no Dockerfile given), so it cannot be checked against: gcr.io/distroless/*',
        setting: 'FROM',
        hint: 'pass the dockerfile input, or set the org.opencontainers.image.base.name label',
      },
    ]);
    expect(await runRule('allowed-base-images', { layers }, { dockerfileBase: 'debian:12' })).toStrictEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { BaseImage } from '../../src/facts/index.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const DISTROLESS = ['gcr.io/distroless/*'];
const check = (baseImage: BaseImage | undefined, images: string[]) => checkRule('allowed-base-images', makeFacts({ baseImage }), { options: { images } });
const notAllowed = (name: string, allowed = DISTROLESS) => ({
  message: `base image ${name} is not on the allowlist (${allowed.join(', ')})`,
  setting: 'FROM',
  hint: `build FROM one of: ${allowed.join(', ')}`,
});

describe('allowed-base-images', () => {
  it('passes a base on the allowlist, and reports one that is not, wherever the name came from', () => {
    expect(check({ name: 'gcr.io/distroless/static-debian12:nonroot', source: 'annotation' }, DISTROLESS)).toStrictEqual([]);
    expect(check({ name: 'gcr.io/distroless/static-debian12:debug', source: 'annotation' }, ['gcr.io/distroless/*:nonroot'])).toStrictEqual([
      notAllowed('gcr.io/distroless/static-debian12:debug', ['gcr.io/distroless/*:nonroot']),
    ]);
    expect(check({ name: 'ubuntu:24.04', source: 'label' }, DISTROLESS)).toStrictEqual([notAllowed('ubuntu:24.04')]);
  });

  it('matches Docker Hub names in their short and full forms, and a name that is no reference as written', () => {
    const fromDockerfile = (name: string): BaseImage => ({ name, source: 'dockerfile' });
    expect(check(fromDockerfile('debian:12'), DISTROLESS)).toStrictEqual([notAllowed('debian:12')]);
    expect(check(fromDockerfile('debian:12'), ['docker.io/library/debian:*'])).toStrictEqual([]);
    expect(check({ name: 'docker.io/library/debian:12', source: 'annotation' }, ['debian:12'])).toStrictEqual([]);
    expect(check(fromDockerfile('${BASE}'), ['${BASE}'])).toStrictEqual([]);
  });

  it('reports an unknown base when there is an allowlist, and passes anything without one', () => {
    expect(check(undefined, DISTROLESS)).toStrictEqual([
      {
        message:
          'the base image is unknown (no org.opencontainers.image.base.name annotation or label, and no Dockerfile given), so it cannot be checked against: gcr.io/distroless/*',
        setting: 'FROM',
        hint: 'pass the dockerfile input, or set the org.opencontainers.image.base.name label',
      },
    ]);
    expect(check({ name: 'debian:12', source: 'dockerfile' }, [])).toStrictEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { type BaseImage, baseImage } from '../../src/facts/base-image.ts';
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
    expect(check(baseImage('gcr.io/distroless/static-debian12:nonroot', 'annotation'), DISTROLESS)).toStrictEqual([]);
    expect(check(baseImage('gcr.io/distroless/static-debian12:debug', 'annotation'), ['gcr.io/distroless/*:nonroot'])).toStrictEqual([
      notAllowed('gcr.io/distroless/static-debian12:debug', ['gcr.io/distroless/*:nonroot']),
    ]);
    expect(check(baseImage('ubuntu:24.04', 'label'), DISTROLESS)).toStrictEqual([notAllowed('ubuntu:24.04')]);
  });

  it('matches Docker Hub names in their short and full forms, and a name that is no reference as written', () => {
    const fromDockerfile = (name: string): BaseImage => baseImage(name, 'dockerfile');
    expect(check(fromDockerfile('debian:12'), DISTROLESS)).toStrictEqual([notAllowed('debian:12')]);
    expect(check(fromDockerfile('debian:12'), ['docker.io/library/debian:*'])).toStrictEqual([]);
    expect(check(baseImage('docker.io/library/debian:12', 'annotation'), ['debian:12'])).toStrictEqual([]);
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
    expect(check(baseImage('debian:12', 'dockerfile'), [])).toStrictEqual([]);
  });
});

import { defaultImageName, parseRegistryReference } from '../image/reference.ts';
import type { LoadedImage } from '../image/types.ts';

export interface BaseImage {
  name: string;
  digest?: string;
  /** Where the name came from. */
  source: 'annotation' | 'label' | 'dockerfile';
  /**
   * The name as written and, for a registry reference, its full and short forms, so `debian:12`
   * matches `docker.io/library/debian:*` and `docker.io/library/debian:12` matches `debian:*`.
   */
  forms: string[];
}

/** The base image as the image's annotations, its labels or the Dockerfile's final `FROM` name it. */
export function baseImageOf(image: LoadedImage, dockerfileBase: string | undefined): BaseImage | undefined {
  const labels = image.config.config?.Labels ?? {};
  const found = (from: Record<string, string>, source: BaseImage['source']): BaseImage | undefined => {
    const name = from['org.opencontainers.image.base.name'];
    const digest = from['org.opencontainers.image.base.digest'];
    return name ? baseImage(name, source, digest) : undefined;
  };
  return found(image.annotations, 'annotation') ?? found(labels, 'label') ?? (dockerfileBase ? baseImage(dockerfileBase, 'dockerfile') : undefined);
}

export function baseImage(name: string, source: BaseImage['source'], digest?: string): BaseImage {
  return { name, ...(digest ? { digest } : {}), source, forms: nameForms(name) };
}

function nameForms(name: string): string[] {
  try {
    const reference = parseRegistryReference(name);
    const suffix = `${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
    return [...new Set([name, `${reference.registry}/${reference.repository}${suffix}`, `${defaultImageName(reference)}${suffix}`])];
  } catch {
    // Not a reference (an unexpanded ${ARG}, say): matched as written.
    return [name];
  }
}

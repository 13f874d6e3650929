import { relative, isAbsolute } from 'node:path';
import { UserError } from '../errors.ts';
import { defaultImageName, parseReference } from '../image/reference.ts';
import type { ImageInput } from './check.ts';

// The entries parse `platform` options with the reader's own parser.
export { parsePlatform } from '../image/platform.ts';

const NAMED = /^([A-Za-z0-9][A-Za-z0-9._/-]*)=(.+)$/;

export interface ImageListOptions {
  /** Where the option came from, for messages (`images`, `--baseline`). */
  label: string;
  workspace: string;
}

/** Lines of `REF` or `NAME=REF`; blank lines and `#` comments skipped. */
export function parseImageLines(lines: string[], options: ImageListOptions): { name: string; reference: string }[] {
  const images: { name: string; reference: string }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const named = NAMED.exec(line);
    const reference = named ? named[2].trim() : line;
    const parsed = parseReference(reference);
    let name = named?.[1] ?? defaultImageName(parsed);
    if (!named && parsed.transport !== 'docker-daemon' && parsed.transport !== 'docker' && isAbsolute(name)) {
      const inside = relative(options.workspace, name);
      if (!inside.startsWith('..')) name = inside;
    }
    if (images.some((image) => image.name === name)) {
      throw new UserError(`${options.label}: two images are named ${name}; give them distinct names with NAME=REF lines`);
    }
    images.push({ name, reference });
  }
  if (images.length === 0) throw new UserError(`${options.label}: no image given`);
  return images;
}

/**
 * A per-image setting given as one value for every image, or as `NAME=VALUE` lines
 * (`baseline`, `dockerfile`); a line naming no image is an error, not silently ignored.
 */
export function perImageValues(lines: string[], imageNames: string[], label: string): Map<string, string> | string | undefined {
  const values = lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (values.length === 0) return undefined;
  const named = values.map((line) => NAMED.exec(line));
  if (values.length === 1 && !(named[0] && imageNames.includes(named[0][1]))) return values[0];
  const map = new Map<string, string>();
  named.forEach((match, i) => {
    if (!match) throw new UserError(`${label}: "${values[i]}" should be NAME=VALUE when several lines are given`);
    if (!imageNames.includes(match[1])) throw new UserError(`${label}: no image is named ${match[1]} (images: ${imageNames.join(', ')})`);
    map.set(match[1], match[2].trim());
  });
  return map;
}

export function valueFor(values: Map<string, string> | string | undefined, name: string): string | undefined {
  return typeof values === 'string' ? values : values?.get(name);
}

export interface ImageInputOptions {
  images: string[];
  baseline: string[];
  dockerfile: string[];
  /** The dockerfile used when the option is not given, which may be absent without an error. */
  defaultDockerfile?: string;
  workspace: string;
  label: { images: string; baseline: string; dockerfile: string };
}

/** Builds the engine's image list from the image, baseline and dockerfile options of the action or the CLI. */
export function imageInputs(options: ImageInputOptions): ImageInput[] {
  const images = parseImageLines(options.images, { label: options.label.images, workspace: options.workspace });
  const names = images.map((image) => image.name);
  const baselines = perImageValues(options.baseline, names, options.label.baseline);
  const dockerfiles = perImageValues(options.dockerfile, names, options.label.dockerfile);
  return images.map((image) => {
    const baseline = valueFor(baselines, image.name);
    const given = valueFor(dockerfiles, image.name);
    const dockerfile =
      given !== undefined
        ? { path: given, required: given !== options.defaultDockerfile }
        : options.defaultDockerfile
          ? { path: options.defaultDockerfile, required: false }
          : undefined;
    return { ...image, ...(baseline ? { baseline } : {}), ...(dockerfile ? { dockerfile } : {}) };
  });
}

// `migrate`: one image read through the same source and capture path as `check`, its facts handed
// to the planner (src/migrate/), which returns the plan and its Dockerfile.
import { UserError } from '../errors.ts';
import { captureForMigration } from '../facts/capture.ts';
import { dpkgOwnership } from '../facts/dpkg-files.ts';
import { gatherFacts } from '../facts/index.ts';
import { HeadCollector } from '../image/collectors.ts';
import { MergedFilesystem } from '../image/filesystem.ts';
import { formatPlatform, normalizePlatform } from '../image/platform.ts';
import { parseReference } from '../image/reference.ts';
import { openSource } from '../image/sources/index.ts';
import type { RegistryOptions } from '../image/sources/registry.ts';
import type { CaptureRequest, LoadedImage, Platform } from '../image/types.ts';
import { DEFAULT_REGISTRY } from '../migrate/bases.ts';
import { planMigration } from '../migrate/plan.ts';
import type { MigrationPlan } from '../migrate/types.ts';

export type { MigrationPlan } from '../migrate/types.ts';
export { MIGRATION_FORMATS, type MigrationFormat, renderMigration } from '../report/migration.ts';

export interface MigrateOptions {
  /** The image as the user wrote it. */
  image: string;
  /** The first stage's image (`FROM REF AS app`); default: the engine name of a docker-daemon: input, else a placeholder. */
  from?: string;
  /** Where the distroless images are (default gcr.io/distroless). */
  registry?: string;
  platform?: Platform;
  registryOptions?: RegistryOptions;
  log?: (line: string) => void;
}

/** A wrapper script is read whole up to this size (its exec line is near the end). */
const SCRIPT_LIMIT = 64 * 1024;
export const PLACEHOLDER = '<your-image>';

async function load(options: MigrateOptions, capture: CaptureRequest): Promise<LoadedImage> {
  const images = await openSource(parseReference(options.image), options.image, options.registryOptions ?? {}).load({
    platform: options.platform,
    capture,
    files: true,
  });
  if (images.length > 1 && !options.platform)
    options.log?.(`${options.image} has ${images.length} platforms: planning ${formatPlatform(images[0].platform)} (choose with --platform)`);
  return images[0];
}

/** The first stage's image: as given, else the engine's name for the image, else the placeholder. */
export function fromReference(image: string, from: string | undefined): { reference: string; placeholder: boolean } {
  if (from !== undefined) {
    if (!/^\S+$/.test(from)) throw new UserError(`migrate: --from takes one image reference, not "${from}"`);
    return { reference: from, placeholder: false };
  }
  const reference = parseReference(image);
  return reference.transport === 'docker-daemon' ? { reference: reference.name, placeholder: false } : { reference: PLACEHOLDER, placeholder: true };
}

/** Reads the image and plans its move to a distroless base. */
export async function migrate(options: MigrateOptions): Promise<MigrationPlan> {
  const from = fromReference(options.image, options.from);
  const registry = options.registry ?? DEFAULT_REGISTRY;
  if (!/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._/-]+)?$/.test(registry))
    throw new UserError(`migrate: --registry must be a registry and path such as gcr.io/distroless, not "${registry}"`);
  options.log?.(`reading ${options.image}`);
  let image = await load(options, captureForMigration);
  if (image.layerIndexes.length !== image.layers.length || image.layers.length === 0)
    throw new UserError(`${options.image}: the image's layers could not be read, so there are no files to plan from`);
  let { facts, fs } = gatherFacts(image);
  const program = facts.entrypoint.program;
  const scripts = new Map<string, string>();
  // A script's text beyond its #! line is read only when the entry point is one: a second pass keeps it whole.
  if (program?.kind === 'script' && program.path !== undefined) {
    const stored = fs.contentPath(program.path) ?? program.path;
    image = await load(options, (path, entry) => (path === stored ? new HeadCollector(SCRIPT_LIMIT) : captureForMigration(path, entry)));
    ({ facts, fs } = gatherFacts(image));
    const text = fs.captured(program.path);
    if (text && !text.truncated) scripts.set(program.path, text.head.toString('utf8'));
  }
  return planMigration({
    image: options.image,
    platform: formatPlatform(image.platform),
    architecture: normalizePlatform({ os: 'linux', architecture: image.config.architecture }).architecture,
    config: image.config,
    facts,
    tree: fs as MergedFilesystem,
    layerIndexes: image.layerIndexes,
    ownership: dpkgOwnership(fs),
    from,
    registry,
    scriptText: (path) => scripts.get(path),
  });
}

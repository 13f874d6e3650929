import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../errors.ts';
import { type MigrationPlan, migrate } from '../engine/migrate.ts';
import { parsePlatform } from '../engine/inputs.ts';
import type { ImageReport, Report } from '../report/model.ts';
import { fails } from '../report/model.ts';

/** The rules whose failure says the image is not distroless yet: then the pull request gets a plan. */
const MIGRATION_RULES = new Set(['no-shell', 'no-package-manager']);

export type Migrations = Map<ImageReport, { plan: MigrationPlan; written?: string }>;

export interface MigrationContext {
  /** Where Dockerfiles go: `$RUNNER_TEMP/distroless-guard-migrate`, else under the workspace. */
  dir: string;
  githubToken?: string;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export function migrationDir(env: NodeJS.ProcessEnv): string {
  return join(env.RUNNER_TEMP || join(env.GITHUB_WORKSPACE || process.cwd(), '.distroless-guard'), 'distroless-guard-migrate');
}

/** Whether a checked image failed no-shell or no-package-manager. */
export function needsMigration(report: Report, image: ImageReport): boolean {
  return image.findings.some((finding) => MIGRATION_RULES.has(finding.rule) && fails(finding.level, report.failOn));
}

/**
 * A plan, and its Dockerfile written, for every image that failed no-shell or no-package-manager.
 * The image is read again (migrate needs dpkg's file lists, which check does not keep); a plan that
 * cannot be made is a warning, never the step's failure.
 */
export async function planMigrations(report: Report, context: MigrationContext): Promise<Migrations> {
  const migrations: Migrations = new Map();
  for (const [index, image] of report.images.entries()) {
    if (!needsMigration(report, image)) continue;
    try {
      const plan = await migrate({
        image: image.reference,
        platform: image.platform ? parsePlatform(image.platform) : undefined,
        registryOptions: { githubToken: context.githubToken || undefined },
        log: context.log,
      });
      let written: string | undefined;
      if (plan.dockerfile) {
        const dir = join(context.dir, `${index}-${image.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}`);
        await mkdir(dir, { recursive: true });
        written = join(dir, 'Dockerfile');
        await writeFile(written, plan.dockerfile);
        context.log(`migration plan for ${image.name}: ${written}`);
      } else {
        context.log(`no migration plan for ${image.name}: ${plan.blocked?.reason ?? 'blocked'}`);
      }
      migrations.set(image, { plan, ...(written ? { written } : {}) });
    } catch (error) {
      context.warn(`could not plan the migration of ${image.name}: ${messageOf(error)}`);
    }
  }
  return migrations;
}

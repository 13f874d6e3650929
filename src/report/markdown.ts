import { escapeMarkdown, markdownLink, truncateText } from './escape.ts';
import { type Limits, block, renderWithin } from './markdown-document.ts';
import { type LinkOptions, MAX_NAME, headline, imageSections, imagesTable, metaLine, noticesSection, verdictIcon } from './markdown-sections.ts';
import type { MigrationPlan } from '../migrate/types.ts';
import { migrationSection } from './migration.ts';
import type { ImageReport, Report } from './model.ts';

export interface SummaryOptions extends LinkOptions {
  /** The workflow run; the comment links to it (the summary is on that page already). */
  runUrl?: string;
  /** Plans for images that failed no-shell or no-package-manager, with where their Dockerfile was written. */
  migrations?: ReadonlyMap<ImageReport, { plan: MigrationPlan; written?: string }>;
}

export interface CommentOptions extends SummaryOptions {
  /** The hidden HTML comment the comment finder looks for; it comes first. */
  marker: string;
}

/** GitHub rejects comment bodies longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** GitHub rejects step summaries larger than this (bytes). */
export const SUMMARY_LIMIT = 1024 * 1024;

// UTF-16 units are never fewer than characters, so counting them keeps a comment under the limit.
const COMMENT_LIMITS: Omit<Limits, 'fullList'> = {
  findingsPerRule: 50,
  layers: 20,
  directories: 15,
  notices: 10,
  maxSize: COMMENT_LIMIT,
  measure: (text) => text.length,
  headingLevel: 4,
};

const SUMMARY_LIMITS: Omit<Limits, 'fullList'> = {
  findingsPerRule: 200,
  layers: 50,
  directories: 30,
  notices: 50,
  maxSize: SUMMARY_LIMIT,
  measure: (text) => Buffer.byteLength(text, 'utf8'),
  headingLevel: 5,
};

/** The sticky pull request comment for one image. */
export function renderImageComment(report: Report, image: ImageReport, options: CommentOptions): string {
  const fullList =
    options.runUrl === undefined ? 'the job summary and the JSON report' : `the ${markdownLink('job summary', options.runUrl)} and the JSON report`;
  return renderWithin(
    { ...COMMENT_LIMITS, fullList },
    (doc, limits) => {
      doc.add(
        block(`${options.marker}\n${headline(image.passed, image.errors, image.warnings, image.name)}\n\n${metaLine(report, [image], options.runUrl)}\n\n`),
      );
      doc.add(imagesTable([image]));
      for (const section of imageSections(image, options, limits)) doc.add(section);
      addMigration(doc, image, options);
      if (report.notices.length > 0) doc.add(noticesSection(report.notices, limits));
    },
    (left) =>
      `> [!NOTE]\n> This comment was cut to stay under GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters; left out: ${left}. The full list is in ${fullList}.\n`,
  );
}

/** The job summary: every image, the same sections as the comment with longer lists. */
export function renderSummary(report: Report, options: SummaryOptions): string {
  const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
  const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
  const subject = report.images.length === 1 ? report.images[0].name : `${report.images.length} images`;
  return renderWithin(
    { ...SUMMARY_LIMITS, fullList: 'the JSON report' },
    (doc, limits) => {
      doc.add(block(`${headline(report.passed, errors, warnings, subject)}\n\n${metaLine(report, report.images, undefined)}\n\n`));
      doc.add(imagesTable(report.images));
      for (const image of report.images) {
        const platform = image.platform === '' ? '' : ` (${escapeMarkdown(truncateText(image.platform, MAX_NAME))})`;
        doc.add(block(`#### ${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}${platform}\n\n`));
        for (const section of imageSections(image, options, limits)) doc.add(section);
        addMigration(doc, image, options);
      }
      if (report.notices.length > 0) doc.add(noticesSection(report.notices, limits));
    },
    (left) => `> [!NOTE]\n> This summary was cut to stay under the 1 MiB limit of job summaries; left out: ${left}. The full list is in the JSON report.\n`,
  );
}

function addMigration(doc: { add(section: ReturnType<typeof block>): void }, image: ImageReport, options: SummaryOptions): void {
  const migration = options.migrations?.get(image);
  if (migration) doc.add(block(migrationSection(migration.plan, migration.written)));
}

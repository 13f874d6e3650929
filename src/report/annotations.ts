import { singleLine, truncateText } from './escape.ts';
import { plural } from './format.ts';
import { type Finding, type ImageReport, type Report, ratchetApplies } from './model.ts';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  /** Plain text on one line; whoever emits it escapes it for the workflow command. */
  message: string;
  /** The rule id of a finding's annotation. */
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

/** GitHub shows at most 10 annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** The step's verdict when the policy fails: the first error, so GitHub never hides it. */
export const POLICY_FAILED = 'distroless-guard: the policy check failed (see the annotations and the job summary)';

const MAX_MESSAGE = 500;
const MAX_PATH = 200;
const MAX_HINT = 500;
const LISTED_ITEMS = 5;

interface Group {
  image: ImageReport;
  imageIndex: number;
  findings: Finding[];
  level: 'error' | 'warning';
}

/**
 * What the step annotates, in the order to emit it, at most `perLevelLimit` of each level: the
 * verdict when the policy fails; a notice saying how much does not fit, when something does not;
 * one annotation per image, rule and Dockerfile line, errors first and larger groups first (under
 * a `new-*` fail-on, new findings only, and a notice saying how many are not); then `notices`, the
 * step's other notices. Verdict and overflow note come first and count in their
 * level's budget, as GitHub drops what comes after the 10th.
 */
export function planAnnotations(report: Report, options: { perLevelLimit?: number; notices?: Annotation[] } = {}): { annotations: Annotation[] } {
  const perLevelLimit = options.perLevelLimit ?? ANNOTATIONS_PER_LEVEL;
  const verdict: Annotation[] = report.passed ? [] : [{ level: 'error', message: POLICY_FAILED }];
  const groups = groupFindings(report.images);
  const notices = [...ratchetNotices(report.images), ...(options.notices ?? [])];
  const fit = (overflowNote: number) =>
    fitted(groups, notices, { error: perLevelLimit - verdict.length, warning: perLevelLimit, notice: perLevelLimit - overflowNote });
  let plan = fit(0);
  // The note about what does not fit takes a notice's place, which may leave out one more notice.
  if (plan.leftOutGroups.length > 0 || plan.leftOutNotices > 0) plan = fit(1);
  const shown = plan.groups.map((group) => annotationOf(group, report.images.length > 1));
  const leftOutFindings = plan.leftOutGroups.reduce((sum, group) => sum + group.findings.length, 0);
  const leftOut = [
    ...(plan.leftOutGroups.length > 0 ? [`${plural(leftOutFindings, 'more finding')} (${plural(plan.leftOutGroups.length, 'annotation')})`] : []),
    ...(plan.leftOutNotices > 0 ? [plural(plan.leftOutNotices, 'more notice')] : []),
  ];
  const overflow: Annotation[] =
    leftOut.length > 0
      ? [
          {
            level: 'notice',
            title: 'distroless-guard',
            message: `${leftOut.join(' and ')} are not annotated here: GitHub shows ${perLevelLimit} annotations per level; the job summary lists them all`,
          },
        ]
      : [];
  return { annotations: [...verdict, ...overflow, ...shown, ...plan.notices] };
}

/** The groups and notices within `budget` per level, in order, and what is left out. */
function fitted(groups: Group[], notices: Annotation[], budget: Record<Annotation['level'], number>) {
  const used = { error: 0, warning: 0 };
  const kept: Group[] = [];
  const leftOutGroups: Group[] = [];
  for (const group of groups) {
    if (used[group.level] < budget[group.level]) {
      used[group.level] += 1;
      kept.push(group);
    } else leftOutGroups.push(group);
  }
  const keptNotices = notices.slice(0, Math.max(0, budget.notice));
  return { groups: kept, leftOutGroups, notices: keptNotices, leftOutNotices: notices.length - keptNotices.length };
}

/** Under a `new-*` fail-on, findings the baseline already had are not annotated: one notice says how many. */
function ratchetNotices(images: ImageReport[]): Annotation[] {
  const known = images.reduce((sum, image) => sum + (ratchetApplies(image) ? image.findings.filter((finding) => finding.new !== true).length : 0), 0);
  if (known === 0) return [];
  const message = `${plural(known, 'finding')} already on the base branch ${known === 1 ? 'is' : 'are'} not annotated (fail-on new-*): the job summary lists them`;
  return [{ level: 'notice', title: 'distroless-guard', message }];
}

/** Findings annotated: only new ones where the ratchet is in force. */
function groupFindings(images: ImageReport[]): Group[] {
  const groups = new Map<string, Group>();
  images.forEach((image, imageIndex) => {
    const ratchet = ratchetApplies(image);
    for (const finding of image.findings) {
      if (ratchet && finding.new !== true) continue;
      const key = JSON.stringify([imageIndex, finding.rule, finding.location?.file ?? null, finding.location?.line ?? null]);
      const group = groups.get(key);
      if (group) {
        group.findings.push(finding);
        if (finding.level === 'error') group.level = 'error';
      } else {
        groups.set(key, { image, imageIndex, findings: [finding], level: finding.level });
      }
    }
  });
  return [...groups.values()].sort(
    (a, b) =>
      (a.level === 'error' ? 0 : 1) - (b.level === 'error' ? 0 : 1) ||
      b.findings.length - a.findings.length ||
      a.imageIndex - b.imageIndex ||
      compareText(a.findings[0].rule, b.findings[0].rule) ||
      (a.findings[0].location?.line ?? 0) - (b.findings[0].location?.line ?? 0),
  );
}

function annotationOf(group: Group, nameImage: boolean): Annotation {
  const [first] = group.findings;
  const prefix = nameImage ? `${clean(group.image.name, MAX_PATH)}: ` : '';
  const message = clean(first.message, MAX_MESSAGE);
  let text: string;
  if (group.findings.length === 1) {
    const path = first.path !== undefined && !first.message.includes(first.path) ? ` (${clean(first.path, MAX_PATH)})` : '';
    text = `${prefix}${message}${path}`;
  } else {
    const paths = unique(group.findings.flatMap((finding) => (finding.path === undefined ? [] : [finding.path])));
    text =
      paths.length > 0
        ? `${prefix}${group.findings.length} findings, like: ${message}; paths: ${listed(paths)}`
        : `${prefix}${group.findings.length} findings: ${listed(unique(group.findings.map((finding) => finding.message)), MAX_MESSAGE, '; ')}`;
  }
  const hint = group.findings.find((finding) => finding.hint !== undefined)?.hint;
  if (hint !== undefined) text += `. Fix: ${clean(hint, MAX_HINT)}`;
  const annotation: Annotation = { level: group.level, message: text, title: first.rule };
  // Findings of a group share the instruction, so its lines are theirs.
  if (first.location) {
    annotation.file = first.location.file;
    annotation.startLine = first.location.line;
    annotation.endLine = first.location.endLine;
  }
  return annotation;
}

function listed(items: string[], max = MAX_PATH, separator = ', '): string {
  const shown = items.slice(0, LISTED_ITEMS).map((item) => clean(item, max));
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(separator)} and ${more} more` : shown.join(separator);
}

function clean(text: string, max: number): string {
  return singleLine(truncateText(text, max));
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

import { readFile } from 'node:fs/promises';
import { messageOf, UserError } from '../errors.ts';
import type { Part, YamlSource } from './document.ts';
import { readYaml } from './document.ts';
import type { PathSegment } from './messages.ts';
import { quote } from '../common/quote.ts';
import { policyError } from './messages.ts';
import type { Fail } from './messages.ts';
import { convertOption } from './options.ts';
import { builtinPolicy, DEFAULT_FAIL_ON, presetRules } from './presets.ts';
import { globProblem } from '../common/glob.ts';
import { applyOverrides, isExpired } from './resolve.ts';
import { schemaProblem } from './schema.ts';
import type { OptionSpec } from '../rules/rule.ts';
import type { Exception, FailOn, ImageOverride, Level, Policy, PresetName, RuleId, RuleOverride, RuleOverrides, RuleSettings } from './types.ts';
import { RULE_IDS } from './types.ts';
import { RULE_LIST, RULES } from '../rules/index.ts';

/** The policy file as the schema admits it. */
interface PolicyFile {
  extends?: PresetName;
  'fail-on'?: FailOn;
  rules?: RulesFile | null;
  images?: Record<string, { 'fail-on'?: FailOn; rules?: RulesFile | null } | null> | null;
  exceptions?: ExceptionFile[] | null;
}

type RulesFile = { [R in RuleId]?: Level | ({ level: Level } & Record<string, unknown>) };

interface ExceptionFile {
  rule: RuleId;
  path?: string;
  image?: string;
  fingerprint?: string;
  reason: string;
  until?: string;
}

export interface LoadOptions {
  /** The day exceptions are checked against; defaults to now (dates are compared in UTC). */
  today?: Date;
}

/** Reads and parses a policy file; every problem is a UserError naming `file:line:column`. */
export async function loadPolicy(path: string, options: LoadOptions = {}): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read the policy file: ${messageOf(error)}`);
  }
  return parsePolicy(text, path, options);
}

/** Parses policy YAML; `source` names the file in messages. An empty document means the defaults. */
export function parsePolicy(text: string, source: string, options: LoadOptions = {}): Policy {
  const yaml = readYaml(text, source);
  if (yaml.value === undefined) return { ...builtinPolicy('recommended'), source };
  const problem = schemaProblem(yaml.value);
  if (problem !== undefined) throw policyError(yaml.position(problem.path, problem.part), problem.path, problem.message);
  // The schema has just admitted the value.
  const file = yaml.value as PolicyFile;
  const fail = failAt(yaml);

  const preset = file.extends ?? 'recommended';
  const topOverrides = readRules(file.rules, ['rules'], fail);
  const rules = applyOverrides(presetRules(preset), topOverrides);
  checkLimits(rules, topOverrides, ['rules'], fail);

  const images: ImageOverride[] = [];
  for (const [glob, entry] of Object.entries(file.images ?? {})) {
    const path = ['images', glob];
    const problem = globProblem(glob);
    if (problem !== undefined) fail(path, `${quote(glob)} is not a valid glob: ${problem}`, 'key');
    const overrides = readRules(entry?.rules, [...path, 'rules'], fail);
    checkLimits(applyOverrides(rules, overrides), overrides, [...path, 'rules'], fail);
    const failOn = entry?.['fail-on'];
    images.push(failOn === undefined ? { glob, rules: overrides } : { glob, failOn, rules: overrides });
  }

  const today = options.today ?? new Date();
  const exceptions: Exception[] = [];
  const expiredExceptions: Exception[] = [];
  for (const [index, entry] of (file.exceptions ?? []).entries()) {
    const exception = readException(entry, ['exceptions', index], yaml, fail);
    (isExpired(exception.until, today) ? expiredExceptions : exceptions).push(exception);
  }

  return { source, extends: preset, failOn: file['fail-on'] ?? DEFAULT_FAIL_ON, rules, images, exceptions, expiredExceptions };
}

function failAt(yaml: YamlSource): (path: PathSegment[], message: string, part?: Part) => never {
  return (path, message, part = 'value') => {
    throw policyError(yaml.position(path, part), path, message);
  };
}

function readRules(rules: RulesFile | null | undefined, path: PathSegment[], fail: Fail): RuleOverrides {
  const overrides: Partial<Record<RuleId, RuleOverride>> = {};
  for (const id of RULE_IDS) {
    const entry = rules?.[id];
    if (entry !== undefined) overrides[id] = readRule(id, entry, [...path, id], fail);
  }
  // readRule builds each rule's options from the rule's own option specs, which type them.
  return overrides as RuleOverrides;
}

function readRule(id: RuleId, entry: NonNullable<RulesFile[RuleId]>, path: PathSegment[], fail: Fail): RuleOverride {
  if (typeof entry === 'string') return { level: entry, options: {} };
  const specs = RULES[id].options as Partial<Record<string, OptionSpec>>;
  const options: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(entry)) {
    const spec = specs[key];
    if (spec === undefined) continue; // `level`: the schema admits no other key
    options[key] = raw === null ? null : convertOption(spec.kind, raw, [...path, key], fail);
  }
  return { level: entry.level, options };
}

/** Rules turned on by these overrides must have something to check against. */
function checkLimits(rules: RuleSettings, overrides: RuleOverrides, path: PathSegment[], fail: Fail): void {
  for (const rule of RULE_LIST) {
    const setting = rules[rule.id];
    if (overrides[rule.id] === undefined || setting.level === 'off') continue;
    const missing = rule.missingOption?.(setting.options);
    if (missing !== undefined) fail([...path, rule.id], `turned on without ${missing}`);
  }
}

function readException(entry: ExceptionFile, path: PathSegment[], yaml: YamlSource, fail: Fail): Exception {
  for (const key of ['path', 'image'] as const) {
    const glob = entry[key];
    const problem = glob === undefined ? undefined : globProblem(glob);
    if (problem !== undefined) fail([...path, key], `${quote(glob)} is not a valid glob: ${problem}`);
  }
  if (entry.until !== undefined && !isCalendarDate(entry.until)) {
    fail([...path, 'until'], `${quote(entry.until)} is not a date in the calendar`);
  }
  const { rule, path: pathGlob, image, fingerprint, reason, until } = entry;
  return {
    rule,
    ...(pathGlob === undefined ? {} : { path: pathGlob }),
    ...(image === undefined ? {} : { image }),
    ...(fingerprint === undefined ? {} : { fingerprint }),
    reason,
    ...(until === undefined ? {} : { until }),
    source: yaml.line(path),
  };
}

/** `2027-02-30` has the right shape (the schema checked it) but names no day. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

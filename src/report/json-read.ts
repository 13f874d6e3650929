import { Ajv } from 'ajv';
import reportSchema from '../../docs/report.schema.json' with { type: 'json' };
import { UserError, messageOf } from '../errors.ts';
import { type BaseImage, baseImage } from '../facts/base-image.ts';
import type { FileFlag, ImageFacts } from '../facts/index.ts';
import { REDACTED_VALUE, REPORT_VERSION } from './json.ts';
import type { FailOn } from '../policy/index.ts';
import type { BaselineComparison, ImageReport, LayerChange, Report } from './model.ts';

/** The parts of a JSON Schema this reader walks. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  patternErrorMessage?: string;
}

const schema = reportSchema as SchemaNode & { definitions: Record<string, SchemaNode> };

/**
 * The file as the schema describes it once its nulls are dropped: the model's shape, except for
 * the few fields the writer maps differently.
 */
type ReportFile = Omit<Report, 'images'> & { images: ImageFile[] };
type ImageFile = Omit<ImageReport, 'name' | 'facts' | 'baseline' | 'failOn'> & { image: string; facts: FactsFile; baseline?: BaselineFile; failOn?: FailOn };
type FactsFile = Omit<ImageFacts, 'env' | 'setuid' | 'worldWritable' | 'baseImage' | 'secretFiles' | 'buildTools'> & {
  /** Absent from reports written before build tools were facts. */
  buildTools?: ImageFacts['buildTools'];
  baseImage?: Omit<BaseImage, 'forms'>;
  env: { name: string; value?: string }[];
  setuid: FlagFile[];
  worldWritable: FlagFile[];
};
type FlagFile = Omit<FileFlag, 'mode'> & { mode: string };
type LayerChangeFile = Omit<LayerChange, 'change'>;
type BaselineFile = Omit<BaselineComparison, 'layers'> & { layers: { shared: number; added: LayerChangeFile[]; removed: LayerChangeFile[] } };

/**
 * Reads a JSON report back (a baseline, or a stored report to render again). The file is checked
 * against docs/report.schema.json, the one description of its fields; a file that does not conform
 * names one field that is wrong (ajv's first: a missing key before the values of the others).
 * Redacted env values read as `REDACTED_VALUE`. Imported only where a report file is read: ajv and
 * the schema cost start-up.
 */
export function parseJsonReport(text: string, source: string): Report {
  const notAReport = (reason: string) => new UserError(`${source}: not a distroless-guard report (${reason})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw notAReport(`it is not JSON: ${messageOf(error)}`);
  }
  // Another version is said to be one, rather than reported by the first field that differs.
  if (isObject(value) && value.version !== REPORT_VERSION) {
    throw notAReport(`"version" is ${JSON.stringify(value.version) ?? 'missing'}; this version of distroless-guard reads version ${REPORT_VERSION}`);
  }
  const problem = schemaProblem(value);
  if (problem !== undefined) throw notAReport(problem);
  // The schema has just accepted it; the tests read back every report the writer makes.
  return reportOf(declared(value, schema) as ReportFile);
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** The first thing wrong with the file, as `<field> should be <what the schema says>, found <value>`. */
function schemaProblem(value: unknown): string | undefined {
  if (validator === undefined) {
    // Not allErrors: the file may come from an untrusted run, and one error per wrong item could fill memory.
    const ajv = new Ajv({ verbose: true, allowUnionTypes: true, strict: true });
    // Editors (VS Code) show it; so does the reader.
    ajv.addVocabulary(['patternErrorMessage']);
    validator = ajv.compile(schema);
  }
  if (validator(value)) return undefined;
  const [error] = validator.errors ?? [];
  const path = fieldPath(error.instancePath, value);
  const parent = error.parentSchema as SchemaNode;
  switch (error.keyword) {
    case 'required': {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      return `${fieldName(child(path, key))} should be ${expected(parent.properties?.[key] ?? {})}, found nothing`;
    }
    case 'pattern':
      return `${fieldName(path)} ${parent.patternErrorMessage ?? `should match ${String(error.schema)}`}, found ${describe(error.data)}`;
    default:
      return `${fieldName(path)} should be ${expected(parent)}, found ${describe(error.data)}`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  boolean: 'true or false',
  // Every integer of the report is a size, a count, an index or a line.
  integer: 'a whole number (0 or more)',
  number: 'a number',
  null: 'null',
};

function expected(node: SchemaNode): string {
  const target = resolve(node);
  if (target.enum) return `one of ${target.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const types = Array.isArray(target.type) ? target.type : [target.type ?? 'any value'];
  return types.map((type) => TYPE_NAMES[type] ?? type).join(' or ');
}

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  return schema.definitions[node.$ref.slice('#/definitions/'.length)];
}

/**
 * A copy with what the schema declares: `null` (unknown, in the file) becomes absent, as in the
 * model, and keys of later writers are left behind.
 */
function declared(value: unknown, node: SchemaNode): unknown {
  const target = resolve(node);
  if (Array.isArray(value)) return value.map((item: unknown) => (item === null ? undefined : declared(item, target.items ?? {})));
  if (!isObject(value)) return value;
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const property = target.properties?.[key] ?? target.additionalProperties;
    if (item !== null && property !== undefined) entries.push([key, declared(item, property)]);
  }
  return Object.fromEntries(entries);
}

function reportOf(file: ReportFile): Report {
  return { ...file, images: file.images.map((image) => imageOf(image, file.failOn)) };
}

/** An image's own fail-on is missing from reports of older releases: the report's applied. */
function imageOf({ image, facts, baseline, failOn, ...rest }: ImageFile, reportFailOn: FailOn): ImageReport {
  return { ...rest, name: image, failOn: failOn ?? reportFailOn, facts: factsOf(facts), ...(baseline && { baseline: baselineOf(baseline) }) };
}

function factsOf({ env, setuid, worldWritable, baseImage: base, buildTools = [], ...rest }: FactsFile): ImageFacts {
  return {
    ...rest,
    buildTools,
    ...(base && { baseImage: baseImage(base.name, base.source, base.digest) }),
    env: env.map(({ name, value }) => [name, value ?? REDACTED_VALUE]),
    setuid: setuid.map(fileFlagOf),
    worldWritable: worldWritable.map(fileFlagOf),
    // Not in the file: the findings carry what the scan found.
    secretFiles: [],
  };
}

function fileFlagOf({ mode, ...rest }: FlagFile): FileFlag {
  return { ...rest, mode: Number.parseInt(mode, 8) };
}

function baselineOf({ layers, ...rest }: BaselineFile): BaselineComparison {
  return {
    ...rest,
    layers: {
      shared: layers.shared,
      added: layers.added.map((layer) => ({ ...layer, change: 'added' })),
      removed: layers.removed.map((layer) => ({ ...layer, change: 'removed' })),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ajv's JSON pointer as the path a reader of the file writes: `images[0].size.layers`. */
function fieldPath(pointer: string, root: unknown): string {
  let path = '';
  let data = root;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path = Array.isArray(data) ? `${path}[${key}]` : child(path, key);
    data = isObject(data) || Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

function child(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function fieldName(path: string): string {
  return path === '' ? 'the top level' : path;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // String() for numbers: JSON.stringify writes Infinity (a too large number in the file) as null.
  const text = typeof value === 'number' ? String(value) : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** docs/report.schema.json as the tests read it, and the check that a written report conforms. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';

export interface SchemaNode {
  title?: string;
  description?: string;
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
}

export const SCHEMA_PATH = resolve(import.meta.dirname, '../../docs/report.schema.json');
export const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaNode & { $schema: string; definitions: Record<string, SchemaNode> };

// What a consumer of the report does: a stock validator that ignores editor-only keywords.
export const stockAjv = new Ajv({ allowUnionTypes: true, strict: false, allErrors: true });
const validate = stockAjv.compile(schema);

export function resolveRef(node: SchemaNode): SchemaNode {
  return node.$ref === undefined ? node : schema.definitions[node.$ref.slice('#/definitions/'.length)];
}

/**
 * A written report conforms to the schema and has every key it declares, in the schema's order:
 * the writer never leaves a key out (absent is `null`), and the schema names no key it does not write.
 */
export function expectWrittenReport(text: string): void {
  const value: unknown = JSON.parse(text);
  expect(validate(value) ? [] : validate.errors).toEqual([]);
  expectEveryKey(value, schema, '');
}

function expectEveryKey(value: unknown, node: SchemaNode, path: string): void {
  const target = resolveRef(node);
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => expectEveryKey(item, target.items ?? {}, `${path}[${index}]`));
  } else if (typeof value === 'object' && value !== null && target.properties !== undefined) {
    const properties = target.properties;
    expect(Object.keys(value), path || 'the top level').toEqual(Object.keys(properties));
    for (const [key, item] of Object.entries(value)) expectEveryKey(item, properties[key], `${path}.${key}`);
  }
}

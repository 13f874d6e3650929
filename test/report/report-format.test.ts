// docs/report-format.md explains the report; its field tables are generated from
// docs/report.schema.json, the one description of the fields. After a change to the schema:
// UPDATE_DOCS=1 npx vitest run test/report/report-format.test.ts, then review the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { resolveRef, schema, type SchemaNode, stockAjv } from './report-schema.ts';

const DOC_PATH = resolve(import.meta.dirname, '../../docs/report-format.md');
const BEGIN = '<!-- Generated from report.schema.json by test/report/report-format.test.ts: edit the schema, not these tables. -->';
const END = '<!-- End of the generated tables. -->';

/** The object definitions that get a section of their own, the top level first. */
const sections: [string, SchemaNode][] = [['', schema], ...Object.entries(schema.definitions).filter(([, node]) => node.title !== undefined)];

function fieldTables(): string {
  return sections.map(([, node]) => section(node)).join('\n');
}

function section(node: SchemaNode): string {
  const rows = Object.entries(node.properties ?? {}).flatMap(([key, property]) => rowsOf(`\`${key}\``, property));
  return [
    `### ${node.title}`,
    '',
    ...(node.description !== undefined && node !== schema ? [node.description, ''] : []),
    '| key | type | meaning |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

/** A row for the field, then rows for the fields of an object written in place (`size.layers`, `users[].name`). */
function rowsOf(key: string, property: SchemaNode): string[][] {
  const target = resolveRef(property);
  // An object, or the object of each item of a list.
  const object = target.items === undefined ? target : resolveRef(target.items);
  const seeAlso = object.title === undefined ? undefined : `See [${object.title}](#${anchor(object.title)}).`;
  const rows = [[key, typeOf(property), [property.description, seeAlso].filter((text) => text !== undefined).join(' ')]];
  if (object.title !== undefined || object.properties === undefined) return rows;
  const prefix = `${key.slice(0, -1)}${object === target ? '' : '[]'}`;
  for (const [name, child] of Object.entries(object.properties)) rows.push(...rowsOf(`${prefix}.${name}\``, child));
  return rows;
}

function typeOf(property: SchemaNode): string {
  const target = resolveRef(property);
  if (target.const !== undefined) return `\`${JSON.stringify(target.const)}\``;
  if (target.enum !== undefined) {
    // Long lists (the rule ids) are named in the meaning.
    if (target.enum.length > 7) return 'string';
    return target.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  }
  const types = Array.isArray(target.type) ? target.type : [target.type ?? 'any'];
  return types
    .map((type) => {
      if (type !== 'array') return type;
      const items = typeOf(target.items ?? {});
      return items.includes('|') ? `(${items})[]` : `${items}[]`;
    })
    .join(' \\| ');
}

/** The id GitHub gives a heading. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replaceAll(' ', '-');
}

async function expectedDoc(current: string): Promise<string> {
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  expect(begin, 'the markers of the generated tables').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(begin);
  const doc = `${current.slice(0, begin + BEGIN.length)}\n\n${fieldTables()}\n${current.slice(end)}`;
  return format(doc, { ...(await resolveConfig(DOC_PATH)), filepath: DOC_PATH });
}

describe('docs/report-format.md', () => {
  it('has the field tables of docs/report.schema.json', async () => {
    const current = readFileSync(DOC_PATH, 'utf8');
    const expected = await expectedDoc(current);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC_PATH, expected);
    else expect(current).toBe(expected);
  });

  it('shows a finding the schema accepts', () => {
    const example = /^```json\n([\s\S]*?)^```$/m.exec(readFileSync(DOC_PATH, 'utf8'));
    expect(example).not.toBeNull();
    const validate = stockAjv.compile({ ...schema.definitions.finding, definitions: schema.definitions });
    expect(validate(JSON.parse(example![1])) ? [] : validate.errors).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAIL_ON_VALUES, RULE_IDS } from '../../src/policy/index.ts';
import { parseJsonReport } from '../../src/report/json-read.ts';
import { REPORT_VERSION, renderJson } from '../../src/report/json.ts';
import { expectWrittenReport, schema, stockAjv } from './report-schema.ts';

const GOLDEN = resolve(import.meta.dirname, '../golden/expected');
/** The JSON reports the golden test pins: the stdout of `check --format json` on every image it builds. */
const goldenReports = readdirSync(GOLDEN)
  .filter((name) => name.endsWith('.json.txt'))
  .map((name) => ({ name, stdout: readFileSync(join(GOLDEN, name), 'utf8').split('\n--- stdout\n')[1] ?? '' }))
  .filter(({ stdout }) => stdout !== '');

describe('docs/report.schema.json', () => {
  it('is a valid draft-07 schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(stockAjv.validateSchema(schema)).toBe(true);
  });

  it('names the version, rule ids and fail-on values the code knows', () => {
    expect(schema.properties?.version.const).toBe(REPORT_VERSION);
    expect(schema.properties?.failOn.enum).toEqual([...FAIL_ON_VALUES]);
    expect(schema.definitions.finding.properties?.rule.enum).toEqual([...RULE_IDS]);
  });

  it('has golden reports to check', () => {
    expect(goldenReports.map(({ name }) => name)).toContain('two-images.json.txt');
  });

  it.each(goldenReports)('describes the golden $name, which reads back to the same bytes', ({ stdout }) => {
    expectWrittenReport(stdout);
    expect(renderJson(parseJsonReport(stdout, 'golden.json'))).toBe(stdout);
  });
});

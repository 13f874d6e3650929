// What github.com's SARIF upload refuses (docs: "SARIF support for code scanning", upload limits),
// checked on every SARIF the suite writes.
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';

/** GitHub's limits on one uploaded SARIF file. */
export const GITHUB_SARIF_LIMITS = { runs: 20, resultsPerRun: 25_000, locationsPerResult: 1_000, gzippedBytes: 10 * 1024 * 1024 };

interface LooseRun {
  tool?: { driver?: { name?: unknown; rules?: { id?: unknown }[] } };
  automationDetails?: { id?: unknown };
  results?: { ruleId?: unknown; message?: { text?: unknown }; locations?: unknown[]; baselineState?: unknown }[];
}

/** Fails unless GitHub's upload would accept `sarif` (the log, or its text as written). */
export function assertGithubAcceptsSarif(sarif: unknown): void {
  const text = typeof sarif === 'string' ? sarif : JSON.stringify(sarif);
  const log = JSON.parse(text) as { $schema?: unknown; version?: unknown; runs?: LooseRun[] };
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  expect(Array.isArray(log.runs)).toBe(true);
  const runs = log.runs ?? [];
  expect(runs.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.runs);
  const keys = runs.map((run) => JSON.stringify([run.tool?.driver?.name, run.automationDetails?.id]));
  expect(new Set(keys).size, `two runs of one tool and category: ${keys.join(', ')}`).toBe(keys.length);
  for (const run of runs) {
    expect(typeof run.tool?.driver?.name).toBe('string');
    expect(typeof run.automationDetails?.id).toBe('string');
    const results = run.results ?? [];
    expect(Array.isArray(run.results)).toBe(true);
    expect(results.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.resultsPerRun);
    const ruleIds = new Set((run.tool?.driver?.rules ?? []).map((rule) => rule.id));
    for (const result of results) {
      expect(ruleIds.has(result.ruleId)).toBe(true);
      expect(typeof result.message?.text).toBe('string');
      expect(result.locations?.length ?? 0).toBeGreaterThan(0);
      expect(result.locations?.length ?? 0).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.locationsPerResult);
      // The upload validates against the SARIF 2.1.0 schema, whose enum this is.
      if (result.baselineState !== undefined) expect(['new', 'unchanged', 'updated', 'absent']).toContain(result.baselineState);
    }
  }
  expect(gzipSync(text).length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.gzippedBytes);
}

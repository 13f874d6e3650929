import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, importSites, sourceFiles } from './import-graph.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The specifiers the layer rule reports in `code`, as if it were the file at `path`. */
async function reported(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message.split("'")[1]);
}

describe('the layer rule of the lint', () => {
  it('rejects a report import in the image reader', async () => {
    expect(await reported('src/image/x.ts', "import '../report/markdown.ts';\n")).toEqual(['../report/markdown.ts']);
    const [result] = await eslint.lintText("import '../../report/markdown.ts';\n", { filePath: join(ROOT, 'src/image/sources/x.ts') });
    expect(result.messages.map((message) => message.message)).toEqual([
      "'../../report/markdown.ts' import is restricted from being used by a pattern. src/image/ may import common and errors.ts (layers: eslint.config.js)",
    ]);
  });

  it.each([
    ['src/image/x.ts', "import type { ElfInfo } from '../facts/elf.ts';", 'forbidden'],
    ['src/image/sources/x.ts', "import { HeadCollector } from '../collectors.ts';", 'allowed'],
    ['src/image/x.ts', "import { formatSize } from '../common/sizes.ts';\nimport { UserError } from '../errors.ts';", 'allowed'],
    ['src/dockerfile/x.ts', "import type { HistoryEntry } from '../image/types.ts';", 'allowed'],
    ['src/dockerfile/x.ts', "import { parseElf } from '../facts/elf.ts';", 'forbidden'],
    ['src/facts/x.ts', "import { MergedFilesystem } from '../image/filesystem.ts';", 'allowed'],
    ['src/facts/x.ts', "import { parseDockerfile } from '../dockerfile/dockerfile.ts';", 'allowed'],
    ['src/facts/x.ts', "import { RULES } from '../rules/index.ts';", 'forbidden'],
    ['src/rules/x.ts', "import { RULE_IDS } from '../policy/types.ts';", 'forbidden'],
    ['src/rules/x.ts', "import type { RuleId } from '../policy/types.ts';", 'forbidden'],
    ['src/rules/x.ts', "import type { Platform } from '../image/types.ts';", 'allowed'],
    ['src/rules/x.ts', "import { type Platform } from '../image/types.ts';", 'allowed'],
    ['src/rules/x.ts', "import { normalizePlatform } from '../image/platform.ts';", 'forbidden'],
    ['src/rules/x.ts', "import type { ImageFacts } from '../facts/index.ts';", 'allowed'],
    ['src/policy/x.ts', "import { RULES } from '../rules/index.ts';", 'allowed'],
    ['src/policy/x.ts', "import type { ImageFacts } from '../facts/index.ts';", 'forbidden'],
    ['src/report/x.ts', "import type { LoadedImage } from '../image/types.ts';", 'allowed'],
    ['src/report/x.ts', "import { entryPath } from '../image/layer-index.ts';", 'forbidden'],
    ['src/report/x.ts', "export { RULE_IDS } from '../policy/types.ts';", 'allowed'],
    ['src/report/x.ts', "export * from '../engine/check.ts';", 'forbidden'],
    ['src/engine/x.ts', "import { formatReport } from '../report/index.ts';", 'allowed'],
    ['src/engine/x.ts', "import { runMain } from '../action/main.ts';", 'forbidden'],
    ['src/engine/x.ts', "import { planMigration } from '../migrate/plan.ts';", 'allowed'],
    ['src/migrate/x.ts', "import { entrypointFacts } from '../facts/entrypoint.ts';", 'allowed'],
    ['src/migrate/x.ts', "import type { FsNode } from '../image/types.ts';", 'allowed'],
    ['src/migrate/x.ts', "import { MergedFilesystem } from '../image/filesystem.ts';", 'forbidden'],
    ['src/migrate/x.ts', "import { RULES } from '../rules/index.ts';", 'forbidden'],
    ['src/migrate/x.ts', "import { renderMigration } from '../report/migration.ts';", 'forbidden'],
    ['src/report/x.ts', "import type { MigrationPlan } from '../migrate/types.ts';", 'allowed'],
    ['src/facts/x.ts', "import { planMigration } from '../migrate/plan.ts';", 'forbidden'],
    ['src/cli/x.ts', "import { planMigration } from '../migrate/plan.ts';", 'forbidden'],
    ['src/cli/x.ts', "import { openSource } from '../image/sources/index.ts';", 'forbidden'],
    ['src/cli/x.ts', "import type { Platform } from '../image/types.ts';", 'allowed'],
    ['src/action/x.ts', "import { main } from '../cli/main.ts';", 'forbidden'],
    ['src/main.ts', "import { runMain } from './action/main.ts';", 'allowed'],
    ['src/main.ts', "import { main } from './cli/main.ts';", 'forbidden'],
    ['src/cli.ts', "import { renderText } from './report/text.ts';", 'forbidden'],
    ['src/common/x.ts', "import { UserError } from '../errors.ts';", 'allowed'],
    ['src/common/x.ts', "import type { Platform } from '../image/types.ts';", 'forbidden'],
  ] as const)('in %s, %s is %s', async (path, code, verdict) => {
    expect((await reported(path, `${code}\n`)).length > 0 ? 'forbidden' : 'allowed').toBe(verdict);
  });

  it("applies to src/'s import() too, which it does not see itself", async () => {
    for (const file of sourceFiles()) {
      const dynamic = importSites(join(ROOT, file)).filter((site) => site.dynamic);
      if (dynamic.length === 0) continue;
      const asStatic = dynamic.map(({ specifier }) => `import '${specifier}';\n`).join('');
      expect(await reported(file, asStatic), file).toEqual([]);
    }
  });
});

// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with ncc; CI checks dist/ equals this output.
//   node scripts/build.ts [--out DIR] [--action-only]
// --out writes DIR instead of dist/; --action-only bundles only the action, which is all its end-to-end tests run.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'dist' }, 'action-only': { type: 'boolean', default: false } },
});
const out = values.out;
const ncc = join('node_modules', '.bin', 'ncc');
rmSync(out, { recursive: true, force: true });
execFileSync(ncc, ['build', 'src/main.ts', '-o', out, '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });
if (!values['action-only']) {
  // The CLI has chunks (its worker loads the program lazily), so it gets a folder; dist/cli.js is the command.
  execFileSync(ncc, ['build', 'src/cli.ts', '-o', join(out, 'cli'), '--quiet'], { stdio: 'inherit' });
  writeFileSync(join(out, 'cli.js'), "#!/usr/bin/env node\nimport './cli/index.js';\n");
  chmodSync(join(out, 'cli.js'), 0o755);
}

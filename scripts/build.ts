// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with ncc; CI checks dist/ equals this output.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ncc = join('node_modules', '.bin', 'ncc');
rmSync('dist', { recursive: true, force: true });
execFileSync(ncc, ['build', 'src/main.ts', '-o', 'dist', '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });
// The CLI has chunks (its worker loads the program lazily), so it gets a folder; dist/cli.js is the command.
execFileSync(ncc, ['build', 'src/cli.ts', '-o', 'dist/cli', '--quiet'], { stdio: 'inherit' });
writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport './cli/index.js';\n");
chmodSync('dist/cli.js', 0o755);

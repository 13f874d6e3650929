// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with ncc; CI checks dist/ equals this output.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ncc = join('node_modules', '.bin', 'ncc');
const scratch = mkdtempSync(join(tmpdir(), 'dg-build-'));
try {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(ncc, ['build', 'src/main.ts', '-o', 'dist', '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });
  execFileSync(ncc, ['build', 'src/cli.ts', '-o', scratch, '--quiet'], { stdio: 'inherit' });
  const cli = readFileSync(join(scratch, 'index.js'), 'utf8');
  writeFileSync('dist/cli.js', cli.startsWith('#!') ? cli : `#!/usr/bin/env node\n${cli}`);
  chmodSync('dist/cli.js', 0o755);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

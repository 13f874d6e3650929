/**
 * `npm run demo`: builds two small images in memory, writes them as archives to a temp folder,
 * and runs the real CLI on them: the check a pull request would get, then the size diff.
 * No Docker needed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOciArchive } from '../../test/support/images.ts';
import { debianApp, distrolessApp } from './images.ts';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'src', 'cli.ts');
const dockerfile = relative(process.cwd(), join(here, 'Dockerfile'));
const work = mkdtempSync(join(tmpdir(), 'distroless-guard-demo-'));
const before = join(work, 'distroless-app.tar');
const after = join(work, 'debian-app.tar');

function run(title: string, args: string[]): number {
  process.stdout.write(`\n$ distroless-guard ${args.join(' ').replaceAll(work, '$DEMO')}\n`);
  const result = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', cli, ...args], {
    stdio: 'inherit',
    env: { ...process.env, NO_COLOR: process.stdout.isTTY ? '' : '1' },
  });
  process.stdout.write(`(${title}: exit status ${result.status})\n`);
  return result.status ?? 2;
}

try {
  await writeOciArchive(before, distrolessApp, { refName: 'main' });
  await writeOciArchive(after, debianApp, { refName: 'pr' });
  process.stdout.write(
    `Built two images in ${work}:\n  distroless-app.tar  the app on a distroless base (the main branch)\n  debian-app.tar      the same app on a Debian-like base (a pull request)\n`,
  );
  const passing = run('the distroless image passes', ['check', `distroless-app=oci-archive:${before}`]);
  const failing = run('the pull request image fails', [
    'check',
    '--dockerfile',
    dockerfile,
    '--baseline',
    `oci-archive:${before}`,
    `debian-app=oci-archive:${after}`,
  ]);
  run('the size diff', ['diff', `oci-archive:${before}`, `oci-archive:${after}`]);
  process.stdout.write('\nThe markdown a pull request comment would carry:\n');
  run('markdown report', [
    'check',
    '--format',
    'markdown',
    '--dockerfile',
    dockerfile,
    '--baseline',
    `oci-archive:${before}`,
    `debian-app=oci-archive:${after}`,
  ]);
  if (passing !== 0 || failing !== 1) {
    process.stderr.write('demo: unexpected exit statuses (expected 0 for the distroless image and 1 for the Debian-like one)\n');
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

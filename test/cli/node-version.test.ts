// The CLI on a Node.js older than package.json's engines: one line and exit 2, not a failure deep
// inside. Run as users run it: the committed bundle (dist/cli.js, what npm publishes and CI holds
// equal to a fresh build), started by an old node; this machine's /usr/bin/node when it is one, else skipped.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { NODE, ROOT, runProcess } from '../support/process.ts';

const OLDEST = Number(/\d+/.exec(pkg.engines.node)?.[0]);
const OLD_NODE = '/usr/bin/node';
const oldVersion = existsSync(OLD_NODE) ? execFileSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).trim().slice(1) : undefined;
const usable = oldVersion !== undefined && Number(oldVersion.split('.')[0]) < OLDEST;
if (!usable) console.warn(`skipping the CLI on an old Node: ${OLD_NODE} is ${oldVersion ? `Node ${oldVersion}, not older than ${OLDEST}` : 'missing'}`);

describe.runIf(usable)('the CLI bundle on an older Node', () => {
  const cli = join(ROOT, 'dist/cli.js');

  it(`says in one line that it needs Node ${OLDEST}, and exits 2`, async () => {
    for (const args of [['--help'], ['check', 'no-such-image.tar']]) {
      const result = await runProcess(OLD_NODE, [cli, ...args], { cwd: ROOT });
      expect(result.stderr).toBe(`distroless-guard: needs Node.js ${OLDEST} or newer; this is Node.js ${oldVersion}\n`);
      expect(result.stdout.toString()).toBe('');
      expect(result.code).toBe(2);
    }
  });

  it(`runs on Node ${OLDEST}`, async () => {
    const result = await runProcess(NODE, [cli, '--version'], { cwd: ROOT });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(`${pkg.version}\n`);
  });
});

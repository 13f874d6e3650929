// The file an interpreter entry point runs, held to what the real engine does: one image with real
// Debian python3.11, perl and dash, read back through `docker-daemon:`; for each argv and working
// directory, `entrypoint-runnable` reports the script iff `docker run` fails because it is missing.
// Heavy: every `docker run` copies the image's 40 MB root filesystem on the vfs driver.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import { gatherFacts } from '../../src/facts/index.ts';
import { DockerDaemonSource } from '../../src/image/sources/docker-daemon.ts';
import type { LoadedImage } from '../../src/image/types.ts';
import { debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { buildImage, describeWithEngine, docker, removeImages } from '../support/engine.ts';
import { checkRule } from '../support/facts.ts';

const TAG = 'distroless-guard-interpreters-real:latest';
const PACKAGES = ['libc6', 'libcrypt1', 'dash', 'perl-base', 'python3.11-minimal', 'libpython3.11-minimal', 'zlib1g', 'libexpat1'];

interface Case {
  argv: string[];
  workdir: string;
  /** What the interpreter prints to stderr when the file is missing; undefined when the script runs and prints ok. */
  missing?: RegExp;
}

const CASES: Case[] = [
  { argv: ['/usr/bin/python3.11', '/app/missing.py'], workdir: '/', missing: /can't open file '\/app\/missing\.py'/ },
  { argv: ['/usr/bin/python3.11', '/app/present.py'], workdir: '/' },
  { argv: ['python3.11', '-u', '-W', 'ignore', 'present.py'], workdir: '/app' },
  { argv: ['python3.11', '-X', 'utf8', 'present.py'], workdir: '/', missing: /can't open file '\/+present\.py'/ },
  { argv: ['python3.11', '-c', 'print("ok")'], workdir: '/' },
  { argv: ['perl', '/app/missing.pl'], workdir: '/', missing: /Can't open perl script "\/app\/missing\.pl"/ },
  { argv: ['perl', '-w', '-I', '/app/lib', 'present.pl'], workdir: '/app' },
  { argv: ['perl', '-Mstrict', '../app/missing.pl'], workdir: '/usr', missing: /Can't open perl script "\.\.\/app\/missing\.pl"/ },
  { argv: ['perl', '-le', 'print "ok"'], workdir: '/' },
  { argv: ['/bin/sh', 'missing.sh'], workdir: '/app', missing: /cannot open missing\.sh/ },
  { argv: ['/bin/sh', '-e', '/app/present.sh'], workdir: '/' },
  { argv: ['dash', 'present.sh'], workdir: '/app' },
  // dash opens a bare name from the working directory only, never through PATH.
  { argv: ['/bin/sh', 'onpath.sh'], workdir: '/', missing: /cannot open onpath\.sh/ },
  { argv: ['/bin/sh', '-c', 'echo ok'], workdir: '/' },
];

describeWithEngine('interpreter entry points on the real engine', () => {
  describeWithApt('with real python3.11, perl and dash', () => {
    let image: LoadedImage;

    beforeAll(async () => {
      const rootfs = await mergedUsrRootfs(await debianPackages(PACKAGES));
      await buildImage(TAG, {
        dockerfile: 'FROM scratch\nADD rootfs.tar /\nCOPY app/ /app/\nCOPY onpath.sh /usr/local/bin/onpath.sh\n',
        files: {
          'rootfs.tar': rootfs,
          'app/present.py': 'print("ok")\n',
          'app/present.pl': 'print "ok\\n";\n',
          'app/present.sh': 'echo ok\n',
          'onpath.sh': { content: 'echo ok\n', mode: 0o755 },
        },
      });
      [image] = await new DockerDaemonSource(TAG, `docker-daemon:${TAG}`).load({ capture: captureForFacts, files: true });
    });
    afterAll(() => removeImages(TAG));

    it.each(CASES)('$argv from $workdir', async ({ argv, workdir, missing }) => {
      const [program, ...args] = argv;
      const config = { ...image.config, config: { ...image.config.config, Entrypoint: [program], Cmd: args, WorkingDir: workdir } };
      const { facts } = gatherFacts({ ...image, config });
      const findings = checkRule('entrypoint-runnable', facts);
      const run = await docker(['run', '--rm', '--network', 'none', '-w', workdir, '--entrypoint', program, TAG, ...args]).then(
        ({ stdout, stderr }) => ({ ok: true, output: `${stdout.toString('utf8')}${stderr}` }),
        (error: Error) => ({ ok: false, output: error.message }),
      );
      if (missing) {
        expect(run.ok).toBe(false);
        expect(run.output).toMatch(missing);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ message: expect.stringContaining('which does not exist in the image'), setting: 'CMD' });
      } else {
        expect(run).toEqual({ ok: true, output: 'ok\n' });
        expect(findings).toEqual([]);
      }
    });
  });
});

// The file node, ruby, php and java entry points run, held to what the real engine does (issue #17), as
// interpreters-real.test.ts does for python, perl and dash: one image per runtime, each the Debian
// package with its dependencies (apt's closure), read back through `docker-daemon:`; for each argv and
// working directory, `entrypoint-runnable` reports the file iff `docker run` fails because it is missing.
// Heavy: every `docker run` copies the image's root filesystem on the vfs driver.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import { gatherFacts } from '../../src/facts/index.ts';
import { DockerDaemonSource } from '../../src/image/sources/docker-daemon.ts';
import type { LoadedImage } from '../../src/image/types.ts';
import { debianClosure, debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { buildImage, describeWithEngine, docker, removeImages } from '../support/engine.ts';
import { checkRule } from '../support/facts.ts';

interface Case {
  argv: string[];
  workdir: string;
  /** What the runtime prints when the file is missing; undefined when the program runs and prints ok. */
  missing?: RegExp;
  /** What the runtime prints when it refuses the arguments before looking for any file: no finding either. */
  refused?: RegExp;
  /** What it prints when it runs, where that is not ok. */
  prints?: RegExp;
}

interface Runtime {
  name: string;
  packages: string[];
  /** Files under /app. */
  app: Record<string, string>;
  cases: Case[];
}

/** Where the JRE is: Debian's /usr/bin/java is an alternatives link its maintainer scripts make, so not in the image. */
const JAVA = `/usr/lib/jvm/java-17-openjdk-${process.arch === 'x64' ? 'amd64' : process.arch}/bin/java`;

const RUNTIMES: Runtime[] = [
  {
    name: 'node',
    packages: ['nodejs'],
    app: { 'present.js': 'console.log("ok");\n', 'x.js': '' },
    cases: [
      { argv: ['/usr/bin/node', '/app/missing.js'], workdir: '/', missing: /Cannot find module '\/app\/missing\.js'/ },
      { argv: ['node', 'missing.js'], workdir: '/app', missing: /Cannot find module '\/app\/missing\.js'/ },
      { argv: ['node', '/app/present.js'], workdir: '/' },
      { argv: ['node', '--require', './x.js', 'present.js'], workdir: '/app' },
      { argv: ['node', '-r', './x.js', 'missing.js'], workdir: '/app', missing: /Cannot find module '\/app\/missing\.js'/ },
      { argv: ['node', '--max-old-space-size=64', 'missing.js'], workdir: '/app', missing: /Cannot find module '\/app\/missing\.js'/ },
      // V8's options take no separate value: node stops on the option, never on the file.
      { argv: ['node', '--max-old-space-size', '64', 'missing.js'], workdir: '/app', refused: /bad option: --max-old-space-size/ },
      { argv: ['node', '--', 'missing.js'], workdir: '/app', missing: /Cannot find module '\/app\/missing\.js'/ },
      { argv: ['node', '--', 'present.js'], workdir: '/app' },
      { argv: ['node', '-e', 'console.log("ok")'], workdir: '/' },
    ],
  },
  {
    name: 'ruby',
    packages: ['ruby3.1'],
    app: { 'present.rb': 'puts "ok"\n', 'lib/.keep': '' },
    cases: [
      { argv: ['/usr/bin/ruby3.1', '/app/missing.rb'], workdir: '/', missing: /No such file or directory -- \/app\/missing\.rb/ },
      { argv: ['ruby3.1', 'missing.rb'], workdir: '/app', missing: /No such file or directory -- missing\.rb/ },
      { argv: ['ruby3.1', '/app/present.rb'], workdir: '/' },
      { argv: ['ruby3.1', '-I', 'lib', 'present.rb'], workdir: '/app' },
      { argv: ['ruby3.1', '-w', '-I', 'lib', 'missing.rb'], workdir: '/app', missing: /No such file or directory -- missing\.rb/ },
      { argv: ['ruby3.1', '-e', 'puts "ok"'], workdir: '/' },
    ],
  },
  {
    name: 'php',
    packages: ['php8.2-cli'],
    app: { 'present.php': '<?php echo "ok\\n";\n' },
    cases: [
      { argv: ['/usr/bin/php8.2', '/app/missing.php'], workdir: '/', missing: /Could not open input file: \/app\/missing\.php/ },
      { argv: ['php8.2', 'missing.php'], workdir: '/app', missing: /Could not open input file: missing\.php/ },
      { argv: ['php8.2', '/app/present.php'], workdir: '/' },
      { argv: ['php8.2', '-d', 'display_errors=1', 'present.php'], workdir: '/app' },
      { argv: ['php8.2', '-d', 'display_errors=1', 'missing.php'], workdir: '/app', missing: /Could not open input file: missing\.php/ },
      { argv: ['php8.2', '-r', 'echo "ok\\n";'], workdir: '/' },
    ],
  },
  {
    name: 'java',
    packages: ['openjdk-17-jre-headless'],
    // A jar that is there but is no jar: java opens it, then refuses it (no compiler needed to make it).
    app: { 'present.jar': 'not a jar\n' },
    cases: [
      { argv: [JAVA, '-jar', '/app/missing.jar'], workdir: '/', missing: /Unable to access jarfile \/app\/missing\.jar/ },
      { argv: [JAVA, '-jar', 'missing.jar'], workdir: '/app', missing: /Unable to access jarfile missing\.jar/ },
      { argv: [JAVA, '-Xmx64m', '-jar', 'present.jar'], workdir: '/app', refused: /Invalid or corrupt jarfile present\.jar/ },
      { argv: [JAVA, '-cp', '/app/missing', 'Main'], workdir: '/', missing: /Could not find or load main class Main/ },
      { argv: [JAVA, '-version'], workdir: '/', prints: /openjdk version "17\./ },
    ],
  },
];

describeWithEngine('runtime entry points on the real engine', () => {
  for (const runtime of RUNTIMES) {
    describeWithApt(`with real ${runtime.name}`, () => {
      const tag = `distroless-guard-interpreters-${runtime.name}-real:latest`;
      let image: LoadedImage;

      beforeAll(async () => {
        const rootfs = await mergedUsrRootfs(await debianPackages(await debianClosure(runtime.packages)));
        const app = Object.fromEntries(Object.entries(runtime.app).map(([path, content]) => [`app/${path}`, content]));
        await buildImage(tag, { dockerfile: 'FROM scratch\nADD rootfs.tar /\nCOPY app/ /app/\n', files: { 'rootfs.tar': rootfs, ...app } });
        [image] = await new DockerDaemonSource(tag, `docker-daemon:${tag}`).load({ capture: captureForFacts, files: true });
      }, 300_000);
      afterAll(() => removeImages(tag));

      it.each(runtime.cases)('$argv from $workdir', async ({ argv, workdir, missing, refused, prints }) => {
        const [program, ...args] = argv;
        const config = { ...image.config, config: { ...image.config.config, Entrypoint: [program], Cmd: args, WorkingDir: workdir } };
        const { facts } = gatherFacts({ ...image, config });
        const findings = checkRule('entrypoint-runnable', facts);
        const run = await docker(['run', '--rm', '--network', 'none', '-w', workdir, '--entrypoint', program, tag, ...args]).then(
          ({ stdout, stderr }) => ({ ok: true, output: `${stdout.toString('utf8')}${stderr}` }),
          (error: Error) => ({ ok: false, output: error.message }),
        );
        if (missing) {
          expect(run.ok).toBe(false);
          expect(run.output).toMatch(missing);
          expect(findings).toHaveLength(1);
          // A script or jar "does not exist"; a class path has "none of whose entries is in the image".
          expect(findings[0]).toMatchObject({
            message: expect.stringMatching(/which does not exist in the image|none of whose entries is in the image/),
            setting: 'CMD',
          });
        } else if (refused) {
          expect(run.ok).toBe(false);
          expect(run.output).toMatch(refused);
          expect(findings).toEqual([]);
        } else if (prints) {
          expect(run.ok).toBe(true);
          expect(run.output).toMatch(prints);
          expect(findings).toEqual([]);
        } else {
          expect(run).toEqual({ ok: true, output: 'ok\n' });
          expect(findings).toEqual([]);
        }
      });
    });
  }
});

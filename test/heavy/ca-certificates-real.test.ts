// ca-certificates on real programs: a Go binary built with Debian's Go toolchain (from apt, unpacked
// like every test package) and a gcc program linked with OpenSSL, in images the engine builds. For
// Go the engine is the oracle: the program prints how many certificates crypto/x509 found, and the
// rule warns iff it found none. Heavy: the Go toolchain is 450 MB unpacked, and a build takes seconds.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import { gatherFacts } from '../../src/facts/index.ts';
import { DockerDaemonSource } from '../../src/image/sources/docker-daemon.ts';
import type { LoadedImage } from '../../src/image/types.ts';
import { type DebianPackage, debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { buildImage, compileC, describeWithEngine, docker, removeImages } from '../support/engine.ts';
import { checkRule } from '../support/facts.ts';

const TAG = 'distroless-guard-ca-real';
/** Debian 12's Go: the toolchain and its standard library come as two packages sharing /usr/share/go-1.19. */
const GO_PACKAGES = ['golang-1.19-go', 'golang-1.19-src'];
const GO_PROGRAM = `package main

import (
	"crypto/x509"
	"fmt"
)

func main() {
	pool, err := x509.SystemCertPool()
	if err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("certificates", len(pool.Subjects()))
}
`;
const TLS_PROGRAM = `#include <openssl/ssl.h>
#include <stdio.h>
int main(void) { SSL_CTX *ctx = SSL_CTX_new(TLS_client_method()); puts(ctx ? "ok" : "no"); return 0; }
`;

/** Builds a static Go program (CGO_ENABLED=0) with the unpacked Debian toolchain, merged into one GOROOT of hard links. */
async function goBuild(packages: DebianPackage[], source: string, work: string): Promise<Buffer> {
  const root = join(work, 'go');
  // Hard links (GNU cp -al), not a 450 MB copy nor symlinks, which \`go\` refuses to embed; both packages fill /usr/share/go-1.19/src.
  await mkdir(root);
  for (const pkg of packages) {
    const copied = spawnSync('cp', ['-alf', `${pkg.root}/.`, `${root}/`], { encoding: 'utf8' });
    if (copied.status !== 0) throw new Error(`cp -al ${pkg.root} failed: ${copied.stderr}`);
  }
  const goroot = join(root, 'usr/lib/go-1.19');
  await mkdir(join(work, 'app'), { recursive: true });
  await writeFile(join(work, 'app/main.go'), source);
  await writeFile(join(work, 'app/go.mod'), 'module example.com/app\n\ngo 1.19\n');
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    GOROOT: goroot,
    GOPATH: join(work, 'gopath'),
    GOCACHE: join(work, 'cache'),
    CGO_ENABLED: '0',
    GOPROXY: 'off',
  };
  const result = spawnSync(join(goroot, 'bin/go'), ['build', '-o', join(work, 'server'), '.'], {
    cwd: join(work, 'app'),
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0) throw new Error(`go build failed: ${result.stderr}`);
  return readFile(join(work, 'server'));
}

/** What update-ca-certificates writes: every certificate of the ca-certificates package, concatenated. */
async function caBundle(pkg: DebianPackage): Promise<string> {
  const dir = join(pkg.root, 'usr/share/ca-certificates/mozilla');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.crt')).sort();
  return (await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')))).join('');
}

async function load(tag: string): Promise<LoadedImage> {
  const [image] = await new DockerDaemonSource(tag, `docker-daemon:${tag}`).load({ capture: captureForFacts, files: true });
  return image;
}

/** The rule's findings with `Env` set to `env`, and what the program prints with the same variables. */
async function checkAndRun(tag: string, image: LoadedImage, env: string[]): Promise<{ messages: string[]; output: string }> {
  const config = { ...image.config, config: { ...image.config.config, Env: env } };
  const messages = checkRule('ca-certificates', gatherFacts({ ...image, config }).facts).map((finding) => finding.message);
  const { stdout } = await docker(['run', '--rm', '--network', 'none', ...env.flatMap((item) => ['-e', item]), tag]);
  return { messages, output: stdout.toString('utf8').trim() };
}

describeWithEngine('ca-certificates on real programs', () => {
  describeWithApt('a Go program and an OpenSSL one', () => {
    let work: string;
    let bundle: string;
    const tags = { goBare: `${TAG}:go-bare`, goCerts: `${TAG}:go-certs`, sslBare: `${TAG}:ssl-bare`, sslCerts: `${TAG}:ssl-certs` };

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'dg-ca-real-'));
      const [go, ca, libs] = await Promise.all([debianPackages(GO_PACKAGES), debianPackages(['ca-certificates']), debianPackages(['libc6', 'libssl3'])]);
      bundle = await caBundle(ca[0]);
      const [server, tlsProgram, rootfs] = await Promise.all([
        goBuild(go, GO_PROGRAM, work),
        compileC(TLS_PROGRAM, { static: false, libraries: ['ssl'] }),
        mergedUsrRootfs(libs),
      ]);
      const program = { content: server, mode: 0o755 };
      const client = { content: tlsProgram, mode: 0o755 };
      await buildImage(tags.goBare, { dockerfile: 'FROM scratch\nCOPY server /server\nENTRYPOINT ["/server"]\n', files: { server: program } });
      // Alpine's place for the bundle: a file Go reads, outside the directories it reads.
      await buildImage(tags.goCerts, {
        dockerfile: 'FROM scratch\nCOPY cert.pem /etc/ssl/cert.pem\nCOPY server /server\nENTRYPOINT ["/server"]\n',
        files: { server: program, 'cert.pem': bundle },
      });
      const ssl = 'FROM scratch\nADD rootfs.tar /\nCOPY client /usr/local/bin/client\nENTRYPOINT ["/usr/local/bin/client"]\n';
      await buildImage(tags.sslBare, { dockerfile: ssl, files: { 'rootfs.tar': rootfs, client } });
      await buildImage(tags.sslCerts, {
        dockerfile: `FROM ${tags.sslBare}\nCOPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n`,
        files: { 'ca-certificates.crt': bundle },
      });
    });
    afterAll(async () => {
      await removeImages(tags.sslCerts, tags.sslBare, tags.goCerts, tags.goBare);
      await rm(work, { recursive: true, force: true });
    });

    it('warns for the Go program on scratch, which finds no certificate', async () => {
      const image = await load(tags.goBare);
      expect(image.layerIndexes).toHaveLength(1);
      const { messages, output } = await checkAndRun(tags.goBare, image, []);
      expect(output).toBe('certificates 0');
      expect(messages).toEqual([expect.stringMatching(/^\/server is a Go program, .* but the image has no CA bundle:/)]);
    });

    it('follows SSL_CERT_FILE and SSL_CERT_DIR as Go does', async () => {
      const image = await load(tags.goCerts);
      const count = bundle.split('BEGIN CERTIFICATE').length - 1;
      expect(count).toBeGreaterThan(100);
      const cases: [string[], boolean][] = [
        [[], true],
        [['SSL_CERT_FILE=/etc/ssl/cert.pem'], true],
        // SSL_CERT_DIR replaces the directories only: the bundle file is still read.
        [['SSL_CERT_DIR=/nowhere'], true],
        // SSL_CERT_FILE replaces the bundle files: /etc/ssl/cert.pem is no longer read.
        [['SSL_CERT_FILE=/missing.pem'], false],
      ];
      for (const [env, found] of cases) {
        const { messages, output } = await checkAndRun(tags.goCerts, image, env);
        expect({ env, output }).toEqual({ env, output: found ? `certificates ${count}` : 'certificates 0' });
        expect({ env, messages }).toEqual({
          env,
          messages: found ? [] : [expect.stringContaining('but SSL_CERT_FILE=/missing.pem points at no CA certificate in the image')],
        });
      }
    });

    it('warns for a program linked with OpenSSL until the bundle is in the image', async () => {
      const bare = await checkAndRun(tags.sslBare, await load(tags.sslBare), []);
      expect(bare.output).toBe('ok');
      expect(bare.messages).toEqual([expect.stringMatching(/^\/usr\/local\/bin\/client links libssl\.so\.3 \(OpenSSL\), .* but the image has no CA bundle:/)]);
      const withCerts = await checkAndRun(tags.sslCerts, await load(tags.sslCerts), []);
      expect(withCerts).toEqual({ messages: [], output: 'ok' });
    });
  });
});

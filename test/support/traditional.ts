// "Traditional" Debian images for the migrate tests (#15): each FROM a Debian bookworm root
// filesystem with a shell, apt and the C/C++ toolchain its app was built with (the image a
// Dockerfile `FROM debian:bookworm` + `apt-get install build-essential` gives), plus one app. The
// apps print something deterministic from their arguments and data, so a migrated image's output
// can be compared with the original's. The images are written in code as the legacy builder
// would commit them (history included) and loaded in one `docker load`, once per engine.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { debianClosure, debianPackages, mergedUsrRootfs } from './debian.ts';
import { CONTENT_LABEL, contentHash, labelOf } from './distroless.ts';
import { docker } from './engine.ts';
import { dockerArchiveEntries, MEDIA_TYPES, type BuiltImage, type ImageManifest } from './images.ts';
import { tarBuffer, type TarEntrySpec } from './tar-writer.ts';
import type { HistoryEntry, ImageConfig, RuntimeConfig } from '../../src/image/types.ts';

const PREFIX = 'distroless-guard-migrate-e2e';
export const TRADITIONAL_BASE = `${PREFIX}/debian-build:bookworm`;

/** Bump when the recipe of the base changes in a way its packages' versions do not show. */
const BASE_RECIPE = 'debian-build 1';
/** What the base is installed from; dependencies are resolved by apt (debianClosure). */
const BASE_PACKAGES = [
  // Debian's essential set, enough for a shell, apt and useradd.
  ...[
    'apt',
    'base-files',
    'base-passwd',
    'bash',
    'coreutils',
    'dash',
    'debianutils',
    'diffutils',
    'dpkg',
    'findutils',
    'grep',
    'gzip',
    'hostname',
    'login',
    'passwd',
    'sed',
    'tar',
  ],
  // The toolchain the apps were built with, left in the image as traditional Dockerfiles leave it.
  ...['gcc', 'g++', 'make', 'libc6-dev', 'zlib1g-dev'],
];

export type TraditionalCase = 'dynamic' | 'static' | 'cxx' | 'zlib' | 'data-user' | 'script';
export const TRADITIONAL_CASES: readonly TraditionalCase[] = ['dynamic', 'static', 'cxx', 'zlib', 'data-user', 'script'];

/** The tag of a case's image. */
export function traditionalTag(name: TraditionalCase): string {
  return `${PREFIX}/${name}:original`;
}

const execFileAsync = promisify(execFile);

/** Compiles one source file on the host (gcc or g++, `-O2` plus `flags`, then `libraries`). */
async function compile(source: string, options: { compiler: 'gcc' | 'g++'; flags?: string[]; libraries?: string[] }): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-migrate-e2e-cc-'));
  try {
    const input = join(dir, options.compiler === 'g++' ? 'app.cc' : 'app.c');
    await writeFile(input, source);
    const libraries = (options.libraries ?? []).map((name) => `-l${name}`);
    await execFileAsync(options.compiler, ['-O2', ...(options.flags ?? []), '-o', join(dir, 'app'), input, ...libraries], { timeout: 120_000 });
    return await readFile(join(dir, 'app'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// a) Dynamically linked C, started by a shell-form CMD.
const DYNAMIC_C = `#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  const char *who = "nobody";
  for (int i = 1; i + 1 < argc; i++) if (strcmp(argv[i], "--greet") == 0) who = argv[i + 1];
  printf("hello, %s!\\n", who);
  for (int i = 1; i < argc; i++) printf("arg %d: %s\\n", i, argv[i]);
  return 0;
}
`;

// b) Static C, found through PATH, with ENTRYPOINT and CMD in exec form.
const STATIC_C = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  int count = argc > 2 && strcmp(argv[1], "--count") == 0 ? atoi(argv[2]) : 1;
  unsigned long long fib[2] = {0, 1};
  for (int i = 1; i <= count; i++) {
    unsigned long long next = fib[0] + fib[1];
    fib[0] = fib[1];
    fib[1] = next;
    printf("static %d/%d: %llu\\n", i, count, fib[0]);
  }
  return 0;
}
`;

// c) C++: libstdc++ (strings, containers, streams) and an exception, which unwinds through libgcc_s.
const CXX = `#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
int main(int argc, char **argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) words = {"delta", "alpha", "charlie", "bravo"};
  std::sort(words.begin(), words.end());
  std::map<char, int> initials;
  std::ostringstream joined;
  for (const auto &word : words) {
    initials[word.at(0)]++;
    joined << (joined.tellp() > 0 ? "," : "") << word;
  }
  std::cout << "sorted: " << joined.str() << "\\n";
  for (const auto &[initial, count] : initials) std::cout << initial << "=" << count << "\\n";
  try {
    throw std::runtime_error("thrown and caught");
  } catch (const std::exception &error) {
    std::cout << "exception: " << error.what() << "\\n";
  }
  return 0;
}
`;

// d) Linked against zlib, which no distroless debian12 base has.
const ZLIB_C = `#include <stdio.h>
#include <string.h>
#include <zlib.h>
int main(int argc, char **argv) {
  const char *word = argc > 1 ? argv[1] : "zlib";
  static unsigned char text[1 << 16], packed[1 << 17], unpacked[1 << 16];
  size_t length = 0;
  while (length + strlen(word) + 1 < sizeof text / 2) {
    memcpy(text + length, word, strlen(word));
    length += strlen(word);
    text[length++] = ' ';
  }
  uLongf packedLength = sizeof packed, unpackedLength = sizeof unpacked;
  if (compress2(packed, &packedLength, text, length, 9) != Z_OK) return 2;
  if (uncompress(unpacked, &unpackedLength, packed, packedLength) != Z_OK) return 3;
  int same = unpackedLength == length && memcmp(text, unpacked, length) == 0;
  printf("zlib %s: %zu bytes -> %lu bytes, crc32 %08lx, round trip %s\\n", zlibVersion(), length, (unsigned long)packedLength,
         crc32(0L, text, (uInt)length), same ? "ok" : "FAILED");
  return same ? 0 : 1;
}
`;

// e) Reads the data files its image added (relative to WORKDIR) and says which user it runs as.
const READER_C = `#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static int text_file(const struct dirent *entry) {
  size_t length = strlen(entry->d_name);
  return length > 4 && strcmp(entry->d_name + length - 4, ".txt") == 0;
}
int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "data";
  struct dirent **names;
  int count = scandir(dir, &names, text_file, alphasort);
  if (count < 0) { perror(dir); return 1; }
  for (int i = 0; i < count; i++) {
    char path[4096], line[256] = "";
    snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); return 1; }
    int lines = 0, c;
    if (fgets(line, sizeof line, file)) lines = 1;
    line[strcspn(line, "\\n")] = 0;
    while ((c = fgetc(file)) != EOF) if (c == '\\n') lines++;
    fclose(file);
    printf("%s: %d lines, first: %s\\n", path, lines, line);
  }
  char cwd[4096];
  printf("uid %d gid %d in %s\\n", (int)getuid(), (int)getgid(), getcwd(cwd, sizeof cwd) ? cwd : "?");
  return 0;
}
`;

// f) A shell script doing shell things: variables, a pipe, a loop, a command substitution.
const SCRIPT = `#!/bin/sh
set -eu
name="\${1:-world}"
upper=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
for n in 1 2 3; do
  echo "$n: hello, $upper"
done
`;

/** passwd, group, shadow and gshadow as base-passwd's postinst and shadowconfig write them. */
async function accounts(): Promise<TarEntrySpec[]> {
  const [basePasswd] = await debianPackages(['base-passwd']);
  const passwd = await readFile(join(basePasswd.root, 'usr/share/base-passwd/passwd.master'), 'utf8');
  const group = await readFile(join(basePasswd.root, 'usr/share/base-passwd/group.master'), 'utf8');
  const names = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(':')[0]);
  const shadow = names(passwd)
    .map((name) => `${name}:*:19000:0:99999:7:::\n`)
    .join('');
  const gshadow = names(group)
    .map((name) => `${name}:*::\n`)
    .join('');
  const file = (path: string, content: string, mode = 0o644, gid = 0): TarEntrySpec => ({ path, content, mode, uid: 0, gid });
  return [file('etc/passwd', passwd), file('etc/group', group), file('etc/shadow', shadow, 0o640, 42), file('etc/gshadow', gshadow, 0o640, 42)];
}

const ROOT = { uid: 0, gid: 0 };
const EPOCH = '1970-01-01T00:00:00Z';
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A layer as `docker build` would commit it: an instruction and the entries it wrote. */
interface Step {
  /** The history line, as the legacy builder writes it (`/bin/sh -c #(nop) COPY ...`). */
  createdBy: string;
  /** Entries of the layer; none for a step that only changes the configuration. */
  entries?: TarEntrySpec[];
  /** The layer's tar when it is made elsewhere (the 300 MB base). */
  tar?: Buffer;
}

interface CaseImage {
  steps: Step[];
  config: RuntimeConfig;
}

/** `COPY` of files to their absolute paths, parents written as the legacy builder writes them (0755, root). */
function copyLayer(files: Record<string, { content: Buffer | string; mode?: number; uid?: number; gid?: number }>, dirs: string[] = []): TarEntrySpec[] {
  const entries = new Map<string, TarEntrySpec>();
  const parents = (path: string) =>
    path
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  for (const path of [...Object.keys(files).flatMap(parents), ...dirs]) entries.set(path, { path: `${path}/`, type: 'dir', mode: 0o755, ...ROOT });
  for (const [path, file] of Object.entries(files))
    entries.set(path, { path, content: file.content, mode: file.mode ?? 0o644, uid: file.uid ?? 0, gid: file.gid ?? 0 });
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

const nop = (instruction: string): Step => ({ createdBy: `/bin/sh -c #(nop)  ${instruction}` });
const sha = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

/**
 * What `useradd --uid 1001 --user-group --create-home app` writes on the base: the account in
 * passwd, group, shadow and gshadow (with the `-` backups and the lock file), and /home/app
 * from /etc/skel, owned by the new user.
 */
async function useraddLayer(accounts: Record<string, string>): Promise<TarEntrySpec[]> {
  const [bash] = await debianPackages(['bash']);
  const skel = Object.fromEntries(
    await Promise.all(['.bashrc', '.bash_logout', '.profile'].map(async (name) => [name, await readFile(join(bash.root, 'etc/skel', name))] as const)),
  );
  const added: Record<string, string> = {
    'etc/passwd': 'app:x:1001:1001::/home/app:/bin/sh\n',
    'etc/group': 'app:x:1001:\n',
    'etc/shadow': 'app:!:19000:0:99999:7:::\n',
    'etc/gshadow': 'app:!::\n',
  };
  const secret = (path: string) => path.endsWith('shadow');
  const files: TarEntrySpec[] = [
    { path: 'etc/', type: 'dir', mode: 0o755, ...ROOT },
    { path: 'etc/.pwd.lock', content: '', mode: 0o600, ...ROOT },
  ];
  for (const [path, line] of Object.entries(added)) {
    const mode = secret(path) ? 0o640 : 0o644;
    const gid = secret(path) ? 42 : 0;
    files.push({ path, content: `${accounts[path]}${line}`, mode, uid: 0, gid }, { path: `${path}-`, content: accounts[path], mode, uid: 0, gid });
  }
  const app = { uid: 1001, gid: 1001 };
  files.push({ path: 'home/', type: 'dir', mode: 0o755, ...ROOT }, { path: 'home/app/', type: 'dir', mode: 0o755, ...app });
  for (const [name, content] of Object.entries(skel)) files.push({ path: `home/app/${name}`, content, mode: 0o644, ...app });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function caseImages(accounts: Record<string, string>): Promise<Record<TraditionalCase, CaseImage>> {
  const [dynamic, staticProgram, cxx, zlib, reader] = await Promise.all([
    compile(DYNAMIC_C, { compiler: 'gcc' }),
    compile(STATIC_C, { compiler: 'gcc', flags: ['-static'] }),
    compile(CXX, { compiler: 'g++', flags: ['-std=c++17'] }),
    compile(ZLIB_C, { compiler: 'gcc', libraries: ['z'] }),
    compile(READER_C, { compiler: 'gcc' }),
  ]);
  const copyFile = (path: string, content: Buffer | string, mode = 0o755): Step => ({
    createdBy: `/bin/sh -c #(nop) COPY file:${sha(content)} in ${path} `,
    entries: copyLayer({ [path.slice(1)]: { content, mode } }),
  });
  const data = {
    'app/bin/reader': { content: reader, mode: 0o755 },
    'app/data/colors.txt': { content: 'red\ngreen\nblue\n' },
    'app/data/numbers.txt': { content: 'one\ntwo\nthree\nfour\nfive\n' },
    'app/data/README.md': { content: 'not a .txt file: the reader skips it\n' },
  };
  const dataHash = sha(
    Object.entries(data)
      .map(([path, file]) => `${path}\0${sha(file.content)}`)
      .join('\0'),
  );
  const env = { Env: [PATH_ENV] };
  return {
    dynamic: {
      steps: [copyFile('/app/hello', dynamic), nop('CMD ["/bin/sh" "-c" "/app/hello --greet world"]')],
      config: { ...env, Cmd: ['/bin/sh', '-c', '/app/hello --greet world'] },
    },
    static: {
      steps: [copyFile('/usr/local/bin/fib', staticProgram), nop('ENTRYPOINT ["fib"]'), nop('CMD ["--count" "12"]')],
      config: { ...env, Entrypoint: ['fib'], Cmd: ['--count', '12'] },
    },
    cxx: {
      steps: [copyFile('/opt/words/bin/words', cxx), nop('ENTRYPOINT ["/opt/words/bin/words"]'), nop('CMD ["pear" "apple" "plum" "apricot"]')],
      config: { ...env, Entrypoint: ['/opt/words/bin/words'], Cmd: ['pear', 'apple', 'plum', 'apricot'] },
    },
    zlib: {
      steps: [copyFile('/usr/local/bin/squash', zlib), nop('CMD ["/usr/local/bin/squash" "distroless"]')],
      config: { ...env, Cmd: ['/usr/local/bin/squash', 'distroless'] },
    },
    'data-user': {
      steps: [
        { createdBy: '/bin/sh -c useradd --uid 1001 --user-group --create-home app', entries: await useraddLayer(accounts) },
        { createdBy: `/bin/sh -c #(nop) COPY dir:${dataHash} in /app/ `, entries: copyLayer(data) },
        nop('USER 1001'),
        { createdBy: '/bin/sh -c #(nop) WORKDIR /app' },
        nop('CMD ["/app/bin/reader" "data"]'),
      ],
      config: { ...env, User: '1001', WorkingDir: '/app', Cmd: ['/app/bin/reader', 'data'] },
    },
    script: {
      steps: [copyFile('/app/run.sh', SCRIPT), nop('CMD ["/app/run.sh" "friend"]')],
      config: { ...env, Cmd: ['/app/run.sh', 'friend'] },
    },
  };
}

/** An image of the steps' layers (empty steps are `empty_layer` history entries) and `config`. */
function imageOf(steps: Step[], config: RuntimeConfig): BuiltImage {
  const layers = steps
    .filter((step) => step.entries ?? step.tar)
    .map((step) => {
      const tar = step.tar ?? tarBuffer(step.entries ?? []);
      const digest = `sha256:${sha(tar)}`;
      return { blob: tar, digest, diffId: digest, mediaType: 'application/vnd.docker.image.rootfs.diff.tar', tar };
    });
  const history: HistoryEntry[] = steps.map((step) => ({
    created: EPOCH,
    created_by: step.createdBy,
    ...(step.entries || step.tar ? {} : { empty_layer: true }),
  }));
  const platform = { os: 'linux', architecture: ARCHITECTURES[process.arch] ?? process.arch };
  const imageConfig: ImageConfig = { ...platform, created: EPOCH, config, rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) }, history };
  const configBlob = Buffer.from(JSON.stringify(imageConfig));
  const configDigest = `sha256:${sha(configBlob)}`;
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, digest: configDigest, size: configBlob.length },
    layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.tar.length })),
  };
  const manifestBlob = Buffer.from(JSON.stringify(manifest));
  return { platform, config: imageConfig, configBlob, configDigest, manifest, manifestBlob, manifestDigest: `sha256:${sha(manifestBlob)}`, layers };
}

const ARCHITECTURES: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/**
 * Loads the images with one `docker load` of one legacy archive: the layers they share are sent
 * and registered once. On vfs that is one copy of the file system per image, where building them
 * with Dockerfiles cost two or three per instruction (each step runs in a container).
 */
async function loadImages(images: { tag: string; image: BuiltImage }[]): Promise<void> {
  const members = new Map<string, TarEntrySpec>();
  const manifest: unknown[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { tag, image } of images) {
    for (const entry of dockerArchiveEntries(image, { format: 'legacy', repoTags: [tag] })) {
      if (entry.path === 'manifest.json') manifest.push(...(JSON.parse(String(entry.content)) as unknown[]));
      else if (entry.path === 'repositories') Object.assign(repositories, JSON.parse(String(entry.content)) as Record<string, Record<string, string>>);
      else if (!members.has(entry.path)) members.set(entry.path, entry);
    }
  }
  const archive = tarBuffer([
    ...members.values(),
    { path: 'manifest.json', content: JSON.stringify(manifest) },
    { path: 'repositories', content: JSON.stringify(repositories) },
  ]);
  await docker(['load', '--quiet'], { input: archive, timeoutMs: 900_000 });
}

let ensured: Promise<{ loaded: boolean; seconds: number }> | undefined;

/**
 * Makes sure the engine has the traditional base and the six case images (traditionalTag): loaded
 * unless every one of them carries the label with the hash of its inputs. Returns whether it
 * loaded them and the seconds it took.
 */
export function ensureTraditionalImages(): Promise<{ loaded: boolean; seconds: number }> {
  ensured ??= (async () => {
    const started = performance.now();
    const names = await debianClosure(BASE_PACKAGES);
    const packages = await debianPackages(names);
    const extra = await accounts();
    const accountFiles = Object.fromEntries(extra.map((entry) => [entry.path, String(entry.content)]));
    const cases = await caseImages(accountFiles);
    // The hash of what goes in, not of the 300 MB tar, so that a warm run need not build the tar.
    const baseHash = contentHash(
      [BASE_RECIPE, ...packages.map((pkg) => pkg.control), ...extra.map((entry) => `${entry.path}\n${String(entry.content)}`)].join('\n'),
      '',
    );
    const hashOf = (image: CaseImage) =>
      contentHash(
        baseHash,
        JSON.stringify(image.config),
        Object.fromEntries(
          image.steps.map((step, i) => [String(i).padStart(3, '0'), `${step.createdBy}\n${step.entries ? sha(tarBuffer(step.entries)) : ''}`]),
        ),
      );
    const wanted = [{ tag: TRADITIONAL_BASE, hash: baseHash }, ...TRADITIONAL_CASES.map((name) => ({ tag: traditionalTag(name), hash: hashOf(cases[name]) }))];
    const labels = await Promise.all(wanted.map(({ tag }) => labelOf(tag)));
    if (wanted.every(({ hash }, i) => labels[i] === hash)) return { loaded: false, seconds: Math.round((performance.now() - started) / 100) / 10 };

    const rootfs = await mergedUsrRootfs(packages, { fileLists: true, extra });
    const baseSteps: Step[] = [{ createdBy: `/bin/sh -c #(nop) ADD file:${sha(rootfs)} in / `, tar: rootfs }, nop('CMD ["bash"]')];
    const labelled = (config: RuntimeConfig, hash: string): RuntimeConfig => ({ ...config, Labels: { [CONTENT_LABEL]: hash } });
    const labelStep = (hash: string) => nop(`LABEL ${CONTENT_LABEL}=${hash}`);
    const images = [
      { tag: TRADITIONAL_BASE, image: imageOf([...baseSteps, labelStep(baseHash)], labelled({ Env: [PATH_ENV], Cmd: ['bash'] }, baseHash)) },
      ...TRADITIONAL_CASES.map((name, i) => {
        const { steps, config } = cases[name];
        const hash = wanted[i + 1].hash;
        return { tag: traditionalTag(name), image: imageOf([...baseSteps, labelStep(baseHash), ...steps, labelStep(hash)], labelled(config, hash)) };
      }),
    ];
    await loadImages(images);
    return { loaded: true, seconds: Math.round((performance.now() - started) / 100) / 10 };
  })();
  return ensured;
}

// "Traditional" Debian images for the migrate tests (#15): each FROM a Debian bookworm root
// filesystem with a shell, apt and the C/C++ toolchain its app was built with (the image a
// Dockerfile `FROM debian:bookworm` + `apt-get install build-essential` gives), plus one app. The
// apps print something deterministic from their arguments and data, so a migrated image's output
// can be compared with the original's. The base is built once per engine, like the distroless
// stand-ins; the app images come from the builder's cache after the first build.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { debianClosure, debianPackages, mergedUsrRootfs } from './debian.ts';
import { buildUnlessLabelled, contentHash } from './distroless.ts';
import { buildImage, type BuildFile } from './engine.ts';
import type { TarEntrySpec } from './tar-writer.ts';

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

const program = (content: Buffer): BuildFile => ({ content, mode: 0o755 });

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

/** Builds the base unless the engine has it (its label holds the hash of its inputs). */
async function ensureBase(): Promise<void> {
  const names = await debianClosure(BASE_PACKAGES);
  const packages = await debianPackages(names);
  const extra = await accounts();
  const dockerfile = 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n';
  // The hash of what goes in, not of the 300 MB tar, so that a warm run need not build the tar.
  const inputs = [BASE_RECIPE, ...packages.map((pkg) => pkg.control), ...extra.map((entry) => `${entry.path}\n${String(entry.content)}`)].join('\n');
  const hash = contentHash(inputs, dockerfile);
  const rootfs = async () => ({ 'rootfs.tar': await mergedUsrRootfs(packages, { fileLists: true, extra }) });
  await buildUnlessLabelled(TRADITIONAL_BASE, dockerfile, rootfs, hash);
}

interface CaseImage {
  dockerfile: string;
  files: Record<string, BuildFile>;
}

async function caseImages(): Promise<Record<TraditionalCase, CaseImage>> {
  const [dynamic, staticProgram, cxx, zlib, reader] = await Promise.all([
    compile(DYNAMIC_C, { compiler: 'gcc' }),
    compile(STATIC_C, { compiler: 'gcc', flags: ['-static'] }),
    compile(CXX, { compiler: 'g++', flags: ['-std=c++17'] }),
    compile(ZLIB_C, { compiler: 'gcc', libraries: ['z'] }),
    compile(READER_C, { compiler: 'gcc' }),
  ]);
  const from = `FROM ${TRADITIONAL_BASE}\n`;
  // Few instructions: on vfs each one costs the engine a copy of the whole 300 MB file system.
  return {
    dynamic: { dockerfile: `${from}COPY hello /app/hello\nCMD /app/hello --greet world\n`, files: { hello: program(dynamic) } },
    static: {
      dockerfile: `${from}COPY fib /usr/local/bin/fib\nENTRYPOINT ["fib"]\nCMD ["--count", "12"]\n`,
      files: { fib: program(staticProgram) },
    },
    cxx: {
      dockerfile: `${from}COPY words /opt/words/bin/words\nENTRYPOINT ["/opt/words/bin/words"]\nCMD ["pear", "apple", "plum", "apricot"]\n`,
      files: { words: program(cxx) },
    },
    zlib: { dockerfile: `${from}COPY squash /usr/local/bin/squash\nCMD ["/usr/local/bin/squash", "distroless"]\n`, files: { squash: program(zlib) } },
    'data-user': {
      dockerfile: `${from}RUN useradd --uid 1001 --user-group --create-home app\nCOPY app/ /app/\nUSER 1001\nWORKDIR /app\nCMD ["/app/bin/reader", "data"]\n`,
      files: {
        'app/bin/reader': program(reader),
        'app/data/colors.txt': 'red\ngreen\nblue\n',
        'app/data/numbers.txt': 'one\ntwo\nthree\nfour\nfive\n',
        'app/data/README.md': 'not a .txt file: the reader skips it\n',
      },
    },
    script: { dockerfile: `${from}COPY run.sh /app/run.sh\nCMD ["/app/run.sh", "friend"]\n`, files: { 'run.sh': { content: SCRIPT, mode: 0o755 } } },
  };
}

let ensured: Promise<{ seconds: number }> | undefined;

/**
 * Makes sure the engine has the traditional base (built unless its label matches) and the six
 * case images (traditionalTag; a warm engine answers them from the builder's cache). Returns the
 * seconds it took.
 */
export function ensureTraditionalImages(): Promise<{ seconds: number }> {
  ensured ??= (async () => {
    const started = performance.now();
    await ensureBase();
    const images = await caseImages();
    for (const name of TRADITIONAL_CASES) await buildImage(traditionalTag(name), images[name]);
    return { seconds: Math.round((performance.now() - started) / 100) / 10 };
  })();
  return ensured;
}

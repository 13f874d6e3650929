/**
 * The synthetic image's layers, generated deterministically from a seed. File bodies are slices
 * of two pools (word text, and machine-code-like bytes whose 64 KiB boundaries carry an ELF
 * header), so they compress roughly like real layers and cost no copying; executables and
 * shared objects start with an ELF header, so the facts have real heads to read.
 */
import { buildElf } from '../test/support/elf-writer.ts';
import type { TarEntrySpec } from '../test/support/tar-writer.ts';

export interface SyntheticParams {
  layers: number;
  /** Regular files across all layers (symlinks, hard links, directories and whiteouts come on top). */
  files: number;
  /** Sum of the file sizes across all layers. */
  bytes: number;
  seed: number;
}

export interface LayerStats {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  whiteouts: number;
  bytes: number;
}

type FileKind = 'text' | 'exec' | 'lib';

interface FilePlan {
  kind: FileKind;
  size: number;
}

const POOL_BYTES = 24 << 20;
const ELF_STRIDE = 64 << 10;
const MAX_FILE = 16 << 20;
const ELF_MIN = 1024;
const SIZE_SIGMA = 1.5;
/** Executables and libraries are a few times bigger than text files, as in real images. */
const KIND_WEIGHT: Record<FileKind, number> = { text: 1, exec: 4, lib: 4 };
const TEXT_EXTENSIONS = ['py', 'js', 'json', 'txt', 'md', 'html', 'h', 'pm', 'mo', 'css', 'rb', 'xml'];
const ROOTS = [
  'usr/share/{p}',
  'usr/lib/{p}',
  'usr/share/doc/{p}',
  'usr/lib/python3/dist-packages/{p}',
  'usr/lib/x86_64-linux-gnu/{p}',
  'opt/app/node_modules/{p}',
];
const LD_SO = '/lib64/ld-linux-x86-64.so.2';
const ELF_HEADER = buildElf({ class: 64, endian: 'little', machine: 62, type: 3, interpreter: LD_SO, needed: ['libc.so.6', 'libm.so.6'] });

/** mulberry32: fast, seedable, good enough for content and names. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function makeWord(rand: () => number): string {
  const letters = 'etaoinshrdlcumwfgypbvkjxqz';
  const length = 2 + Math.floor(rand() * rand() * 11);
  let word = '';
  // Squaring skews toward frequent letters, as in English.
  for (let i = 0; i < length; i++) word += letters[Math.floor(rand() ** 2 * letters.length)];
  return word;
}

export interface Pools {
  text: Buffer;
  binary: Buffer;
  words: string[];
}

export function makePools(seed: number): Pools {
  const rand = random(seed ^ 0x5eed);
  const words = Array.from({ length: 6000 }, () => makeWord(rand));
  const encoded = words.map((word) => Buffer.from(word, 'latin1'));
  const text = Buffer.alloc(POOL_BYTES);
  let at = 0;
  let column = 0;
  while (at < POOL_BYTES - 32) {
    // The sixth power skews toward a few frequent words (roughly Zipf).
    const word = encoded[Math.floor(rand() ** 6 * encoded.length)];
    at += word.copy(text, at);
    column += word.length + 1;
    const r = rand();
    if (column > 72) {
      text[at++] = 0x0a;
      const indent = Math.floor(rand() * 3) * 4;
      text.fill(0x20, at, at + indent);
      at += indent;
      column = indent;
    } else text[at++] = r < 0.06 ? 0x2c : r < 0.09 ? 0x2e : r < 0.11 ? 0x28 : 0x20;
  }
  text.fill(0x0a, at);

  const binary = Buffer.alloc(POOL_BYTES);
  const common = [0x00, 0x48, 0x89, 0x8b, 0xff, 0x0f, 0x85, 0x84, 0xe8, 0x24, 0x44, 0x45, 0x4c, 0x83, 0xc0, 0x01, 0x74, 0x75, 0x31, 0xc3];
  at = 0;
  while (at < POOL_BYTES) {
    const r = rand();
    if (r < 0.12 && at > 4096) {
      // A short repeat of something recent: what makes code compressible.
      const from = at - 32 - Math.floor(rand() * 4064);
      const length = 4 + Math.floor(rand() * 28);
      for (let i = 0; i < length && at < POOL_BYTES; i++) binary[at++] = binary[from + i];
    } else if (r < 0.55) binary[at++] = common[Math.floor(rand() ** 2 * common.length)];
    else binary[at++] = Math.floor(rand() * 256);
  }
  for (let stamp = 0; stamp + ELF_HEADER.length <= POOL_BYTES; stamp += ELF_STRIDE) ELF_HEADER.copy(binary, stamp);
  return { text, binary, words };
}

/** File kinds and sizes for every layer, scaled so the sizes add up to `params.bytes`. */
function planFiles(params: SyntheticParams): FilePlan[][] {
  const rand = random(params.seed);
  const weights = Array.from({ length: params.layers }, (_, i) => 0.8 ** i);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((params.files * w) / weightSum));
  counts[0] += params.files - counts.reduce((a, b) => a + b, 0);
  const raw = counts.map((count) =>
    Array.from({ length: count }, (): FilePlan => {
      const r = rand();
      const kind: FileKind = r < 0.06 ? 'exec' : r < 0.14 ? 'lib' : 'text';
      // Log-normal sizes via Box-Muller; about 1 % of files are empty.
      const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      const size = kind === 'text' && rand() < 0.01 ? 0 : Math.exp(SIZE_SIGMA * normal) * KIND_WEIGHT[kind];
      return { kind, size };
    }),
  );
  const all = raw.flat();
  const sized = (scale: number, file: FilePlan) => {
    const size = Math.min(MAX_FILE, Math.round(file.size * scale));
    return file.kind === 'text' ? size : Math.max(ELF_MIN, size);
  };
  let scale = params.bytes / all.reduce((sum, file) => sum + file.size, 0);
  for (let round = 0; round < 6; round++) scale *= params.bytes / all.reduce((sum, file) => sum + sized(scale, file), 0);
  return raw.map((layer) => layer.map((file) => ({ kind: file.kind, size: sized(scale, file) })));
}

/** Shared between layers while they are generated in order: what the last layer deletes. */
interface Carry {
  /** Paths of layer 1 that the last layer whites out. */
  removable: string[];
  /** A package directory of layer 2 that the last layer makes opaque. */
  opaque?: string;
}

export interface SyntheticImage {
  pools: Pools;
  layerCount: number;
  /** The entries of layer `index`; layers must be generated in order (the last one deletes from earlier ones). */
  layer(index: number, stats: LayerStats): Iterable<TarEntrySpec>;
  config: { User: string; Entrypoint: string[]; Env: string[]; WorkingDir: string };
}

export function syntheticImage(params: SyntheticParams): SyntheticImage {
  const pools = makePools(params.seed);
  const plans = planFiles(params);
  const carry: Carry = { removable: [] };
  return {
    pools,
    layerCount: params.layers,
    layer: (index, stats) => layerEntries(index, params, plans[index], pools, carry, stats),
    config: {
      User: '65532',
      Entrypoint: ['/app/server'],
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      WorkingDir: '/app',
    },
  };
}

function* layerEntries(index: number, params: SyntheticParams, plan: FilePlan[], pools: Pools, carry: Carry, stats: LayerStats): Generator<TarEntrySpec> {
  const rand = random(params.seed * 31 + index + 1);
  const last = index === params.layers - 1 && params.layers >= 3;
  // GNU headers in the base layer (as distroless builds it), ustar/PAX elsewhere.
  const format = index === 0 ? 'gnu' : 'ustar';
  const uid = last ? 65532 : 0;
  const seenDirs = new Set<string>();
  function* dirsFor(path: string): Generator<TarEntrySpec> {
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      const dir = path.slice(0, slash + 1);
      if (seenDirs.has(dir)) continue;
      seenDirs.add(dir);
      stats.dirs++;
      yield { path: dir, type: 'dir', format };
    }
  }
  function* file(path: string, content: Buffer, mode = 0o644): Generator<TarEntrySpec> {
    yield* dirsFor(path);
    stats.files++;
    stats.bytes += content.length;
    yield { path, content, mode, uid, gid: uid, format };
  }
  function* symlink(path: string, target: string): Generator<TarEntrySpec> {
    yield* dirsFor(path);
    stats.symlinks++;
    yield { path, type: 'symlink', target, format };
  }

  if (index === 0) yield* baseFiles(pools, rand, { file, symlink });
  if (last) {
    for (const path of carry.removable) {
      yield* dirsFor(path);
      stats.whiteouts++;
      const slash = path.lastIndexOf('/');
      yield { path: `${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, content: Buffer.alloc(0), format };
    }
    if (carry.opaque) {
      yield* dirsFor(`${carry.opaque}/`);
      stats.whiteouts++;
      yield { path: `${carry.opaque}/.wh..wh..opq`, content: Buffer.alloc(0), format };
    }
    yield* file('app/server', elfFile(8 << 20, pools, rand), 0o755);
    yield* file('app/config.json', textSlice(4096, pools, rand));
  }

  let next = 0;
  let packageNumber = 0;
  while (next < plan.length) {
    const name = `${pick(rand, pools.words)}-${pick(rand, pools.words)}${index}x${packageNumber++}`;
    const root = (carry.opaque === undefined && index === 2 ? 'usr/share/{p}' : pick(rand, index >= 5 ? ROOTS : ROOTS.slice(0, 5))).replace('{p}', name);
    if (index === 2 && carry.opaque === undefined) carry.opaque = root;
    const subdirs = Array.from({ length: 1 + Math.floor(rand() * 6) }, () =>
      rand() < 0.4 ? `${pick(rand, pools.words)}/${pick(rand, pools.words)}` : pick(rand, pools.words),
    );
    const count = Math.min(plan.length - next, 20 + Math.floor(rand() * rand() * 600));
    for (let i = 0; i < count; i++) {
      const { kind, size } = plan[next++];
      if (kind === 'exec') {
        const path = rand() < 0.5 ? `usr/bin/${name}-${i}` : `${root}/bin/${pick(rand, pools.words)}${i}`;
        yield* file(path, elfFile(size, pools, rand), 0o755);
        if (i % 40 === 0) {
          stats.hardlinks++;
          yield { path: `${path}-alt`, type: 'hardlink', target: path, format };
        }
      } else if (kind === 'lib') {
        const base = `usr/lib/x86_64-linux-gnu/lib${name}${i}.so`;
        const real = `${base}.1.${i % 7}.0`;
        yield* file(real, elfFile(size, pools, rand));
        yield* symlink(`${base}.1`, real.slice(real.lastIndexOf('/') + 1));
      } else {
        const path = `${root}/${pick(rand, subdirs)}/${pick(rand, pools.words)}${i}.${pick(rand, TEXT_EXTENSIONS)}`;
        yield* file(path, textSlice(size, pools, rand));
        if (index === 1 && i % 50 === 0 && carry.removable.length < 200) carry.removable.push(path);
      }
    }
  }
  if (last && carry.opaque) {
    for (let i = 0; i < 5; i++) yield* file(`${carry.opaque}/readded-${i}.txt`, textSlice(2048, pools, rand));
  }
}

function textSlice(size: number, pools: Pools, rand: () => number): Buffer {
  const at = Math.floor(rand() * (POOL_BYTES - size));
  return pools.text.subarray(at, at + size);
}

/** A slice that starts on a 64 KiB boundary of the binary pool, so it begins with the ELF header. */
function elfFile(size: number, pools: Pools, rand: () => number): Buffer {
  const starts = Math.floor((POOL_BYTES - size) / ELF_STRIDE) + 1;
  const at = Math.floor(rand() * starts) * ELF_STRIDE;
  return pools.binary.subarray(at, at + size);
}

type Emit = {
  file(path: string, content: Buffer, mode?: number): Generator<TarEntrySpec>;
  symlink(path: string, target: string): Generator<TarEntrySpec>;
};

/** What a Debian-like base carries: usr-merge links, users, os-release, a dpkg database, a shell, the loader and libc. */
function* baseFiles(pools: Pools, rand: () => number, emit: Emit): Generator<TarEntrySpec> {
  for (const [link, target] of [
    ['bin', 'usr/bin'],
    ['lib', 'usr/lib'],
    ['lib64', 'usr/lib64'],
    ['sbin', 'usr/sbin'],
  ]) {
    yield* emit.symlink(link, target);
  }
  yield* emit.file(
    'etc/passwd',
    Buffer.from(
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n' +
        'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin\n',
    ),
  );
  yield* emit.file('etc/group', Buffer.from('root:x:0:\ndaemon:x:1:\nbin:x:2:\nnogroup:x:65534:\nnonroot:x:65532:\n'));
  yield* emit.file(
    'usr/lib/os-release',
    Buffer.from('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n'),
  );
  yield* emit.symlink('etc/os-release', '../usr/lib/os-release');
  const stanzas: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const name = `${pick(rand, pools.words)}-${i}`;
    const description = pools.text.toString('latin1', i * 997, i * 997 + 300).replace(/\n/g, ' ');
    stanzas.push(
      `Package: ${name}\nStatus: install ok installed\nPriority: optional\nSection: libs\nInstalled-Size: ${Math.floor(rand() * 9000)}\n` +
        `Maintainer: Debian Maintainers <maintainers@example.org>\nArchitecture: amd64\nVersion: 1.${i % 13}-${i % 5}\n` +
        `Depends: libc6 (>= 2.36)\nDescription: ${description}\n`,
    );
  }
  yield* emit.file('var/lib/dpkg/status', Buffer.from(stanzas.join('\n')));
  yield* emit.file('usr/lib64/ld-linux-x86-64.so.2', elfFile(240 << 10, pools, rand), 0o755);
  yield* emit.file('usr/lib/x86_64-linux-gnu/libc.so.6', elfFile(2 << 20, pools, rand), 0o755);
  yield* emit.file('usr/lib/x86_64-linux-gnu/libm.so.6', elfFile(900 << 10, pools, rand));
  yield* emit.file('usr/bin/dash', elfFile(120 << 10, pools, rand), 0o755);
  yield* emit.symlink('usr/bin/sh', 'dash');
  yield* emit.file('usr/bin/bash', elfFile(1300 << 10, pools, rand), 0o755);
  yield* emit.file('usr/bin/apt-get', elfFile(60 << 10, pools, rand), 0o755);
  yield* emit.file('usr/bin/dpkg', elfFile(300 << 10, pools, rand), 0o755);
}

/**
 * `npm run bench`: the whole-process cost of `distroless-guard check` and `ls` next to the
 * physical floor of each input (decompressing its layers once, or listing its tars), measured
 * side by side in one run, with the targets of issue 6 marked ok or SHORT. Progress goes to
 * stderr, the table (Markdown) to stdout. Not a test: it exits 0 when targets fall short, and
 * non-zero only when something could not be measured.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FakeRegistry } from '../test/support/fake-registry.ts';
import { type PreparedImage, cacheRoot, engineVersion, loadIntoEngine, otherCaches, prepareDebian, prepareSmall, prepareSynthetic } from './inputs.ts';
import { type Command, Runner, type Sample, findGnuTime, median } from './measure.ts';
import type { SyntheticParams } from './synthetic.ts';

const USAGE = `Usage: npm run bench -- [--runs N] [--fresh] [--scale F]

  --runs N    runs per command; the table shows medians (default 5)
  --fresh     rebuild the cached inputs (${join(tmpdir(), 'distroless-guard-bench-<hash>')})
  --scale F   shrink the synthetic image (files and bytes times F) to try the script quickly;
              the targets are defined at 1`;

const FULL = { layers: 8, files: 120_000, bytes: 1.5e9, seed: 6 };
const RSS_LIMIT = 200e6;
const BASELINE_LIMIT = 64 * 1024;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

interface Target {
  limit: number;
  text: string;
}

interface ImageCase {
  label: string;
  floorLabel: string;
  floor: Command;
  check: Command;
  ls: Command;
  /** Run once before the measured rounds, so every round reads from a warm page cache. */
  warmup: Command;
  target?: Target;
  /** check and ls on this case count toward the peak-RSS target. */
  synthetic: boolean;
  samples: Record<'floor' | 'check' | 'ls', Sample[]>;
  error?: string;
}

interface RegistryRun {
  bytes: number;
  requests: number;
  layerBlobRequests: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseOptions(): { runs: number; fresh: boolean; scale: number } {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, fresh: { type: 'boolean' }, scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const runs = Number(values.runs ?? 5);
  const scale = Number(values.scale ?? 1);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs takes a whole number of runs, not "${values.runs}"`);
  if (!(scale > 0 && scale <= 4)) fail(`--scale takes a factor above 0 and up to 4, not "${values.scale}"`);
  return { runs, fresh: !!values.fresh, scale };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function requireTools(): void {
  for (const tool of ['gzip', 'zstd', 'tar']) {
    let version: string;
    try {
      version = execFileSync(tool, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      fail(`${tool} is not installed (the inputs and the floors need gzip, zstd and GNU tar)`);
    }
    if (tool === 'tar' && !version.includes('GNU')) fail('the tar -tvf floor needs GNU tar');
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  const repo = fileURLToPath(new URL('..', import.meta.url));
  for (const bundle of ['dist/cli.js', 'dist/index.js']) {
    if (!existsSync(join(repo, bundle))) fail(`${bundle} is missing: run \`npm run build\` first (the benchmark runs the built bundles)`);
  }
  requireTools();
  const gnuTime = findGnuTime();
  if (!gnuTime) log('note: GNU time is not installed (apt-get install time): peak RSS is sampled from VmHWM, and the floors run through sh show "—"');

  const params: SyntheticParams = { ...FULL, files: Math.round(FULL.files * options.scale), bytes: Math.round(FULL.bytes * options.scale) };
  const root = cacheRoot(params);
  if (options.fresh) rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const other of await otherCaches(root)) log(`note: an older input cache is still on disk: ${other} (rm -rf it to free the space)`);

  // A copy of dist/ taken now, so a rebuild during the run cannot change what is measured.
  const scratch = mkdtempSync(join(tmpdir(), 'distroless-guard-bench-run-'));
  const runner = new Runner(gnuTime, scratch);
  try {
    cpSync(join(repo, 'dist'), join(scratch, 'dist'), { recursive: true });
    const work = join(scratch, 'work');
    mkdirSync(work);
    return await benchmark({ options, params, root, scratch, work, runner, gnuTime });
  } finally {
    runner.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface Context {
  options: { runs: number; fresh: boolean; scale: number };
  params: SyntheticParams;
  root: string;
  scratch: string;
  /** An empty folder the tool runs in: no policy file, so the recommended preset applies. */
  work: string;
  runner: Runner;
  gnuTime: string | undefined;
}

async function benchmark(context: Context): Promise<number> {
  const { options, root, runner, work } = context;
  const loadAtStart = loadavg()[0];
  const notes: string[] = [];
  const engine = await engineVersion();
  if (!engine) notes.push('docker-daemon rows skipped: no Docker engine answered `docker version` (set DOCKER_HOST)');

  const synthetic = await prepareSynthetic(root, context.params, log);
  const debian = await prepareDebian(root, !!engine, log);
  if ('skipped' in debian) notes.push(`Debian rows skipped: ${debian.skipped}`);
  const small = await prepareSmall(root);
  const inEngine = new Map<PreparedImage, string>();
  if (engine) {
    inEngine.set(synthetic, await loadIntoEngine(synthetic, log));
    if (!('skipped' in debian)) inEngine.set(debian, await loadIntoEngine(debian, log));
  }

  const cli = join(context.scratch, 'dist', 'cli.js');
  const tool = (args: string[], okCodes: number[]): Command => ({ argv: [process.execPath, cli, ...args], cwd: work, okCodes });
  const check = (ref: string) => tool(['check', '--format', 'json', ref], [0, 1]);
  const ls = (ref: string) => tool(['ls', ref], [0]);
  const cat = (files: string[]): Command => ({ argv: ['cat', ...files] });

  const cases: ImageCase[] = [];
  const addImageCases = (image: PreparedImage, name: string, isSynthetic: boolean) => {
    const n = image.layers.length;
    const layersText = n === 1 ? '1 layer' : `${n} layers`;
    const gzips = image.layers.map((layer) => layer.gzip.path);
    const zstds = image.layers.map((layer) => layer.zstd.path);
    const tars = image.layers.map((layer) => layer.tar.path);
    const make = (label: string, floorLabel: string, floor: Command, ref: string, warm: string[], target?: Target): ImageCase => ({
      label: `${name} · ${label}`,
      floorLabel,
      floor,
      check: check(ref),
      ls: ls(ref),
      warmup: cat([...warm, ...floor.argv.filter((arg) => arg.startsWith(root))]),
      target,
      synthetic: isSynthetic,
      samples: { floor: [], check: [], ls: [] },
    });
    cases.push(
      make(
        `OCI, gzip (${layersText})`,
        n === 1 ? 'gzip -dc' : `gzip -dc ×${n}`,
        { argv: ['gzip', '-dc', ...gzips] },
        `oci-archive:${image.ociGzip}`,
        [image.ociGzip],
        n === 1 ? { limit: 1.15, text: '≤ 1.15' } : { limit: 0.7, text: '≤ 0.70' },
      ),
      make(
        `OCI, zstd (${layersText})`,
        n === 1 ? 'zstd -dc' : `zstd -dc ×${n}`,
        { argv: ['zstd', '-dc', '-q', ...zstds] },
        `oci-archive:${image.ociZstd}`,
        [image.ociZstd],
        n === 1 ? undefined : { limit: 0.8, text: '≤ 0.80' },
      ),
    );
    if (image.single) {
      cases.push(
        make(
          `OCI, gzip, first layer alone`,
          'gzip -dc',
          { argv: ['gzip', '-dc', image.single.layer.gzip.path] },
          `oci-archive:${image.single.ociGzip}`,
          [image.single.ociGzip],
          { limit: 1.15, text: '≤ 1.15' },
        ),
      );
    }
    cases.push(
      make(
        `docker-archive, uncompressed`,
        n === 1 ? 'tar -tvf' : `tar -tvf ×${n}`,
        { argv: ['sh', '-c', 'for layer; do tar -tvf "$layer"; done', 'sh', ...tars] },
        `docker-archive:${image.dockerArchive}`,
        [image.dockerArchive],
        { limit: 2, text: '≤ 2.0' },
      ),
    );
    const daemonName = inEngine.get(image);
    if (daemonName) {
      const save: Command = { argv: ['docker', 'save', daemonName] };
      cases.push({
        ...make('docker-daemon', 'docker save', save, `docker-daemon:${daemonName}`, [], { limit: 1.1, text: '≤ 1.10' }),
        // The engine's own files are what docker save reads: warm them by saving once.
        warmup: save,
      });
    }
  };
  addImageCases(synthetic, 'synthetic', true);
  if (!('skipped' in debian)) addImageCases(debian, 'Debian', false);

  // docker:// size-only baseline: the synthetic image's gzip manifest and config from a registry in this process.
  const registry = await FakeRegistry.start();
  const config = readFileSync(synthetic.configBlob);
  registry.addBlob(config);
  registry.addManifest('bench/synthetic', readFileSync(synthetic.gzipManifest), OCI_MANIFEST, 'latest');
  const layerBlobs = new Map(synthetic.layers.map((layer) => [layer.gzip.digest, layer.gzip]));
  let layerBytes = 0;
  // Layer blobs are served from disk (the registry keeps blobs in memory), should the tool ask for them.
  registry.interceptors.push((request, response) => {
    const digest = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(new URL(request.url ?? '/', 'http://registry').pathname)?.[1];
    const blob = digest ? layerBlobs.get(digest) : undefined;
    if (!blob) return false;
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(blob.size), 'docker-content-digest': digest! });
    if (request.method === 'HEAD') response.end();
    else
      createReadStream(blob.path)
        .on('data', (chunk) => (layerBytes += chunk.length))
        .pipe(response);
    return true;
  });
  const baselineCommand = tool(['check', '--format', 'json', '--baseline', `docker://${registry.host}/bench/synthetic:latest`, `oci-archive:${small}`], [0, 1]);
  const registrySamples: Sample[] = [];
  const registryRuns: RegistryRun[] = [];
  let registryError: string | undefined;

  // Action start-up: node dist/index.js (checking the tiny image) to its first line, against node -e 0.
  const actionEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    INPUT_IMAGES: `small=oci-archive:${small}`,
    INPUT_COMMENT: 'never',
    INPUT_REPORT: join(work, 'report.json'),
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work,
  };
  const action: Command = { argv: [process.execPath, join(context.scratch, 'dist', 'index.js')], cwd: work, env: actionEnv, okCodes: [0, 1] };
  const bareNode: Command = { argv: [process.execPath, '-e', '0'] };
  const startup: { node: number[]; firstLine: number[] } = { node: [], firstLine: [] };
  let startupError: string | undefined;

  try {
    log('warming the page cache (each input read once)');
    for (const item of cases) {
      try {
        await runner.once(item.warmup, { rss: false });
      } catch (error) {
        item.error = (error as Error).message;
        log(`  ${item.label}: ${item.error}`);
      }
    }
    for (let round = 1; round <= options.runs; round++) {
      log(`round ${round}/${options.runs}`);
      for (const item of cases) {
        if (item.error) continue;
        try {
          for (const which of ['floor', 'check', 'ls'] as const) {
            const sample = await runner.once(item[which]);
            item.samples[which].push(sample);
            log(`  ${item.label}: ${which} ${sample.seconds.toFixed(2)} s, ${megabytes(sample.rss)} MB`);
          }
        } catch (error) {
          item.error = (error as Error).message;
          log(`  ${item.label}: ${item.error}`);
        }
      }
      if (!registryError) {
        registry.bytesServed = 0;
        registry.requests.length = 0;
        layerBytes = 0;
        try {
          registrySamples.push(await runner.once(baselineCommand));
          const layerBlobRequests = registry.requests.filter((request) => [...layerBlobs.keys()].some((digest) => request.url.includes(digest))).length;
          registryRuns.push({ bytes: registry.bytesServed + layerBytes, requests: registry.requests.length, layerBlobRequests });
          log(`  docker:// baseline: ${kib(registry.bytesServed + layerBytes)} fetched in ${registry.requests.length} requests`);
        } catch (error) {
          registryError = (error as Error).message;
          log(`  docker:// baseline: ${registryError}`);
        }
      }
      if (!startupError) {
        try {
          startup.node.push((await runner.once(bareNode, { rss: false })).seconds);
          startup.firstLine.push(await runner.firstLine(action));
          log(`  start-up: node -e 0 ${startup.node.at(-1)!.toFixed(3)} s, action first line ${startup.firstLine.at(-1)!.toFixed(3)} s`);
        } catch (error) {
          startupError = (error as Error).message;
          log(`  start-up: ${startupError}`);
        }
      }
    }
  } finally {
    await registry.close();
  }

  const table = renderTable({
    cases,
    registry: { samples: registrySamples, runs: registryRuns, error: registryError },
    startup: { ...startup, error: startupError },
  });
  const legend = renderLegend(context, synthetic, 'skipped' in debian ? undefined : debian, engine, loadAtStart, notes);
  const output = `${table}\n${legend}\n`;
  process.stdout.write(output);
  writeFileSync(join(root, 'last-run.md'), output);
  writeFileSync(join(root, 'last-run.json'), JSON.stringify({ cases, registryRuns, registrySamples, startup, notes }, null, 2));
  log(`\n(also written to ${join(root, 'last-run.md')}, every sample in last-run.json)`);
  const failed = cases.some((item) => item.error) || registryError !== undefined || startupError !== undefined;
  if (failed) log('bench: some measurements failed (see above): their rows show ERROR');
  return failed ? 1 : 0;
}

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '—' : (bytes / 1e6).toFixed(0);
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function seconds(value: number | undefined): string {
  if (value === undefined) return '—';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function wall(samples: Sample[]): number | undefined {
  return samples.length ? median(samples.map((sample) => sample.seconds)) : undefined;
}

function rss(samples: Sample[]): number | undefined {
  const values = samples.flatMap((sample) => (sample.rss === undefined ? [] : [sample.rss]));
  return values.length ? median(values) : undefined;
}

/** The widest (max − min) / median among the given sample sets, as a percentage. */
function spread(...sets: Sample[][]): string {
  const widths = sets
    .filter((set) => set.length > 1)
    .map((set) => {
      const values = set.map((sample) => sample.seconds);
      return (Math.max(...values) - Math.min(...values)) / median(values);
    });
  return widths.length ? `${Math.round(Math.max(...widths) * 100)}%` : '—';
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : '**SHORT**';
}

interface TableInput {
  cases: ImageCase[];
  registry: { samples: Sample[]; runs: RegistryRun[]; error?: string };
  startup: { node: number[]; firstLine: number[]; error?: string };
}

function renderTable({ cases, registry, startup }: TableInput): string {
  const rows: string[][] = [];
  for (const item of cases) {
    const floor = wall(item.samples.floor);
    const checked = wall(item.samples.check);
    const ratio = floor !== undefined && checked !== undefined ? checked / floor : undefined;
    const result = item.error ? 'ERROR' : ratio === undefined || !item.target ? '' : verdict(ratio <= item.target.limit);
    rows.push([
      item.label,
      item.floorLabel,
      seconds(floor),
      megabytes(rss(item.samples.floor)),
      seconds(checked),
      megabytes(rss(item.samples.check)),
      seconds(wall(item.samples.ls)),
      megabytes(rss(item.samples.ls)),
      spread(item.samples.floor, item.samples.check, item.samples.ls),
      ratio === undefined ? '—' : ratio.toFixed(2),
      item.target?.text ?? '—',
      result,
    ]);
  }

  const worst = registry.runs.reduce<RegistryRun | undefined>((max, run) => (!max || run.bytes > max.bytes ? run : max), undefined);
  rows.push([
    'synthetic · docker:// size-only baseline',
    '—',
    '—',
    '—',
    seconds(wall(registry.samples)),
    megabytes(rss(registry.samples)),
    '—',
    '—',
    spread(registry.samples),
    worst ? `${kib(worst.bytes)}, ${worst.layerBlobRequests} layer blob req. (${worst.requests} req.)` : '—',
    '≤ 64 KiB, no layer blob',
    registry.error ? 'ERROR' : worst ? verdict(worst.bytes <= BASELINE_LIMIT && worst.layerBlobRequests === 0) : '',
  ]);

  let peak: { bytes: number; where: string } | undefined;
  for (const item of cases.filter((c) => c.synthetic)) {
    for (const which of ['check', 'ls'] as const) {
      for (const sample of item.samples[which]) {
        if (sample.rss !== undefined && (!peak || sample.rss > peak.bytes)) peak = { bytes: sample.rss, where: `${which}, ${item.label.split(' · ')[1]}` };
      }
    }
  }
  rows.push([
    'synthetic · peak RSS of any check or ls run',
    '—',
    '—',
    '—',
    '—',
    '—',
    '—',
    '—',
    '—',
    peak ? `${megabytes(peak.bytes)} MB (${peak.where})` : '—',
    '≤ 200 MB',
    peak ? verdict(peak.bytes <= RSS_LIMIT) : '',
  ]);

  const node = startup.node.length ? median(startup.node) : undefined;
  const first = startup.firstLine.length ? median(startup.firstLine) : undefined;
  const limit = node === undefined ? undefined : 1.5 * node + 0.1;
  const nodeSpread =
    startup.node.length > 1
      ? spread(
          startup.node.map((s) => ({ seconds: s })),
          startup.firstLine.map((s) => ({ seconds: s })),
        )
      : '—';
  rows.push([
    'action start-up: `node dist/index.js` to its first line',
    'node -e 0',
    node === undefined ? '—' : node.toFixed(3),
    '—',
    first === undefined ? '—' : first.toFixed(3),
    '—',
    '—',
    '—',
    nodeSpread,
    node !== undefined && first !== undefined ? `${(first / node).toFixed(1)}× node -e 0` : '—',
    limit === undefined ? '≤ 1.5× + 100 ms' : `≤ 1.5× + 100 ms (${limit.toFixed(3)} s)`,
    startup.error ? 'ERROR' : first !== undefined && limit !== undefined ? verdict(first <= limit) : '',
  ]);

  const header = ['input', 'floor', 'floor s', 'floor MB', 'check s', 'check MB', 'ls s', 'ls MB', 'spread', 'check ÷ floor', 'target', 'result'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i >= 2 && i <= 9 ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function describeImage(image: PreparedImage): string {
  const c = image.counts;
  const sum = (key: 'tar' | 'gzip' | 'zstd') => image.layers.reduce((total, layer) => total + layer[key].size, 0);
  return (
    `${image.layers.length} layer(s), ${c.files.toLocaleString('en')} files (+ ${c.dirs.toLocaleString('en')} directory entries, ` +
    `${c.symlinks.toLocaleString('en')} symlinks, ${c.hardlinks.toLocaleString('en')} hard links), ${(c.bytes / 1e9).toFixed(2)} GB of file data; ` +
    `layer tars ${(sum('tar') / 1e6).toFixed(0)} MB, gzip -6 ${(sum('gzip') / 1e6).toFixed(0)} MB, zstd -3 ${(sum('zstd') / 1e6).toFixed(0)} MB`
  );
}

function renderLegend(
  context: Context,
  synthetic: PreparedImage,
  debian: PreparedImage | undefined,
  engine: string | undefined,
  loadAtStart: number,
  notes: string[],
): string {
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const lines = [
    `- synthetic: ${describeImage(synthetic)}.` +
      (synthetic.single
        ? ` First layer alone: ${synthetic.single.counts.files.toLocaleString('en')} files, ${(synthetic.single.layer.tar.size / 1e6).toFixed(0)} MB tar.`
        : ''),
    ...(debian ? [`- Debian: ${debian.label}; ${describeImage(debian)}.`] : []),
    `- Machine: nproc ${availableParallelism()}, ${cpuModel}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, Linux ${release()}, ` +
      `Docker engine ${engine ?? 'none'}; ${date} UTC; load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end.`,
    `- Median of ${context.options.runs} run(s) per command, rounds interleaved (floor, check, ls per input), page cache warm; ` +
      `wall time from spawn to exit; MB = 10⁶ bytes of peak RSS (${context.gnuTime ? 'GNU time %M' : 'VmHWM, sampled'}); ` +
      `spread = widest (max − min) / median of the row's commands.` +
      (context.options.scale !== 1 ? ` **Scaled inputs (--scale ${context.options.scale}): the targets are defined at scale 1.**` : ''),
    ...notes.map((note) => `- ${note}`),
  ];
  return lines.join('\n');
}

process.exitCode = await main();

// Time and memory on hostile images, measured on the CLI child itself (peak RSS from
// process.resourceUsage): bodies stream past and are skipped, so memory follows the number of
// entries, never file sizes; time follows uncompressed bytes, which DISTROLESS_GUARD_MAX_UNCOMPRESSED bounds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/image/limits.ts';
import { bomb, emptyFilesTar, type Layer, layer, layersArchive, streamedLayer } from '../hostile/corpus.ts';
import { expectOneLineError, runCli, workspace } from '../hostile/run-cli.ts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const APP = layer([{ path: 'app', content: '#!/app\n', mode: 0o755 }]);

let dir: string;
beforeAll(async () => {
  dir = await workspace(await mkdtemp(join(tmpdir(), 'dg-hostile-bounds-')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const archive = (name: string, layers: Layer[]) => layersArchive(dir, name, layers);

interface JsonReport {
  images: { size: { compressed: number; uncompressed: number } }[];
}

describe('decompression bombs', () => {
  it('streams 10 GiB of zeros from 10 MB of gzip in bounded memory and time', async () => {
    const zeros = bomb(10 * GIB, 'gzip');
    expect(zeros.blob.length).toBeLessThan(11 * MIB);
    const { reference } = await archive('gzip-bomb', [APP, zeros]);
    const result = await runCli(['check', '--format', 'json', reference], { cwd: dir, timeoutMs: 170_000 });
    expect(result.stderr).toBe('note: no Dockerfile found: findings for gzip-bomb.tar are reported without Dockerfile lines\n');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout.toString('utf8')) as JsonReport;
    expect(report.images[0].size.uncompressed).toBe(APP.tarSize + zeros.tarSize);
    // About 180 MB and 20 s on a loaded two-CPU machine: the body is inflated chunk by chunk and dropped.
    expect(result.maxRss).toBeLessThan(300 * MIB);
    expect(result.seconds).toBeLessThan(150);
  }, 200_000);

  it('refuses a layer whose headers declare more than the limit, before inflating it', async () => {
    const zeros = bomb(2 * GIB, 'gzip');
    const { path, reference } = await archive('gzip-bomb-limited', [APP, zeros]);
    const result = await runCli(['check', reference], { cwd: dir, env: { DISTROLESS_GUARD_MAX_UNCOMPRESSED: '1GiB' } });
    expect(expectOneLineError(result)).toBe(
      `${path}: layer ${zeros.digest}: the image's layers hold more than 1 GiB uncompressed; if it really is that large, raise DISTROLESS_GUARD_MAX_UNCOMPRESSED`,
    );
    expect(result.seconds).toBeLessThan(20);
  }, 60_000);

  it('refuses 1 TiB of zstd (33 MB) under the default limit of 64 GiB at once', async () => {
    const zeros = bomb(1024 * GIB, 'zstd');
    expect(zeros.blob.length).toBeLessThan(40 * MIB);
    const { path, reference } = await archive('zstd-bomb', [APP, zeros]);
    const result = await runCli(['check', reference], { cwd: dir });
    expect(expectOneLineError(result)).toBe(
      `${path}: layer ${zeros.digest}: the image's layers hold more than 64 GiB uncompressed; if it really is that large, raise DISTROLESS_GUARD_MAX_UNCOMPRESSED`,
    );
    expect(DEFAULT_LIMITS.maxBytes).toBe(64 * GIB);
    expect(result.maxRss).toBeLessThan(300 * MIB);
    expect(result.seconds).toBeLessThan(20);
  }, 60_000);
});

describe('a million empty files in one layer', () => {
  it('costs memory in proportion to the entries (about 250 bytes each) and finishes in bounded time', async () => {
    const small = await archive('files-small', [APP]);
    const quarter = await archive('files-250k', [APP, await streamedLayer(emptyFilesTar(250_000))]);
    const million = await archive('files-1m', [APP, await streamedLayer(emptyFilesTar(1_000_000))]);
    const rss: number[] = [];
    for (const { reference } of [small, quarter, million]) {
      const result = await runCli(['check', '--format', 'json', reference], { cwd: dir, timeoutMs: 170_000 });
      expect(result.code).toBe(0);
      expect(result.seconds).toBeLessThan(120);
      rss.push(result.maxRss);
    }
    const perEntry = (rss[2] - rss[1]) / 750_000;
    const overall = (rss[2] - rss[0]) / 1_000_000;
    console.log(
      `peak RSS: ${(rss[0] / MIB).toFixed(0)} MiB for 1 file, ${(rss[1] / MIB).toFixed(0)} MiB for 250,000, ${(rss[2] / MIB).toFixed(0)} MiB for 1,000,000 (${perEntry.toFixed(0)} bytes per entry)`,
    );
    // Measured (src/cli.ts, its program in a worker): about 140, 205 and 400 MiB, so some 270 bytes per entry between 250,000 and a million.
    expect(perEntry).toBeLessThan(400);
    expect(overall).toBeLessThan(600);
  }, 300_000);
});

import { posix } from 'node:path';
import { check } from '../engine/check.ts';
import { compareWithBaseline, loadBaseline } from '../engine/baseline.ts';
import { imageInputs } from '../engine/inputs.ts';
import { policyFromFile } from '../engine/policy-file.ts';
import { UserError } from '../errors.ts';
import { gatherFacts } from '../facts/index.ts';
import { MergedFilesystem, comparePaths } from '../image/filesystem.ts';
import { HeadCollector } from '../image/collectors.ts';
import { listedEntry } from '../image/layer-index.ts';
import { parseReference } from '../image/reference.ts';
import { openSource } from '../image/sources/index.ts';
import type { CaptureRequest, FsNode, LoadedImage, Platform } from '../image/types.ts';
import { renderJson } from '../report/json.ts';
import { renderSummary } from '../report/markdown.ts';
import { renderSarif } from '../report/sarif.ts';
import { renderText } from '../report/text.ts';
import { renderDiffText } from '../report/diff.ts';
import { TOOL_VERSION, ruleTitle, rulesDocUrl } from '../report/links.ts';
import type { CatArgs, CheckArgs, DiffArgs, LsArgs } from './args.ts';

export interface Output {
  /** Resolves once the stream can take more, so a million-line listing does not pile up in memory. */
  write(text: string | Buffer): Promise<void>;
  color: boolean;
}

/** `check`: exit 0 passed, 1 failed. */
export async function runCheck(args: CheckArgs, out: Output, err: Output): Promise<number> {
  const { policy, notice } = await policyFromFile(args.policy);
  const images = imageInputs({
    images: args.images,
    baseline: args.baseline,
    dockerfile: args.dockerfile,
    defaultDockerfile: 'Dockerfile',
    workspace: process.cwd(),
    label: { images: 'check', baseline: '--baseline', dockerfile: '--dockerfile' },
  });
  const report = await check({ images, policy, failOn: args.failOn, platform: args.platform, registry: {} });
  // Only once the images were read: an unreadable input ends with its one error line and nothing else.
  if (notice) err.write(`${notice}\n`);
  if (args.format !== 'text') for (const line of report.notices) err.write(`note: ${line}\n`);
  switch (args.format) {
    case 'json':
      out.write(renderJson(report));
      break;
    case 'markdown':
      out.write(renderSummary(report, { rulesDocUrl }));
      break;
    case 'sarif':
      out.write(
        `${JSON.stringify(renderSarif(report, { rulesDocUrl, ruleTitle, toolVersion: TOOL_VERSION, dockerfileFor: (image) => image.findings.find((f) => f.location)?.location?.file ?? images.find((i) => i.name === image.name)?.dockerfile?.path }), null, 2)}\n`,
      );
      break;
    default:
      out.write(renderText(report, { color: out.color }));
  }
  return report.passed ? 0 : 1;
}

async function loadOne(reference: string, platform: Platform | undefined, capture: CaptureRequest): Promise<LoadedImage> {
  const images = await openSource(parseReference(reference), reference, {}).load({ platform, capture, files: true });
  return images[0];
}

const TYPE_CHAR: Record<FsNode['type'], string> = { file: '-', dir: 'd', symlink: 'l', hardlink: 'h', char: 'c', block: 'b', fifo: 'p' };

function modeString(type: FsNode['type'], mode: number): string {
  const bits = 'rwxrwxrwx'.split('').map((ch, i) => ((mode >> (8 - i)) & 1 ? ch : '-'));
  if (mode & 0o4000) bits[2] = bits[2] === 'x' ? 's' : 'S';
  if (mode & 0o2000) bits[5] = bits[5] === 'x' ? 's' : 'S';
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  return TYPE_CHAR[type] + bits.join('');
}

function lsLine(node: FsNode & { whiteout?: boolean }, args: LsArgs): string {
  if (args.json) {
    return JSON.stringify({
      path: node.path,
      type: node.whiteout ? 'whiteout' : node.type,
      mode: node.mode,
      uid: node.uid,
      gid: node.gid,
      size: node.size,
      target: node.target ?? null,
      ...(args.long ? { layer: node.layer } : {}),
    });
  }
  const target = node.type === 'symlink' ? ` -> ${node.target}` : node.type === 'hardlink' ? ` link to ${node.target}` : '';
  const layer = args.long ? `${String(node.layer).padStart(3)} ` : '';
  const mode = node.whiteout ? 'whiteout  ' : modeString(node.type, node.mode);
  return `${layer}${mode} ${node.uid}/${node.gid} ${String(node.size).padStart(10)} ${node.path}${target}`;
}

/** `ls`: the merged filesystem (or one layer's entries) like `tar -tv`. */
export async function runLs(args: LsArgs, out: Output): Promise<number> {
  const image = await loadOne(args.image, args.platform, () => undefined);
  const wanted = posix.join('/', args.path);
  if (args.layer !== undefined) {
    const layer = image.layerIndexes[args.layer];
    if (!layer) throw new UserError(`${args.image}: there is no layer ${args.layer} (the image has ${image.layerIndexes.length}, numbered from 0)`);
    const rows: (FsNode & { whiteout?: boolean })[] = [
      ...layer.entries.map((entry) => ({ ...listedEntry(entry), layer: args.layer as number })),
      ...layer.whiteouts.map((w) => ({
        path: w.opaque ? posix.join(w.path, '.wh..wh..opq') : w.path,
        type: 'file' as const,
        mode: 0,
        uid: 0,
        gid: 0,
        size: 0,
        layer: args.layer as number,
        whiteout: true,
      })),
    ];
    // A layer's own entries are not merged, so PATH is a plain prefix here, not resolved through symlinks.
    const inside = rows.filter((row) => wanted === '/' || row.path === wanted || row.path.startsWith(`${wanted}/`));
    await writeLines(
      out,
      inside.sort((a, b) => comparePaths(a.path, b.path)),
      (row) => lsLine(row, args),
    );
    return 0;
  }
  const fs = MergedFilesystem.merge(image.layerIndexes);
  const node = fs.lstat(wanted);
  if (!node && wanted !== '/') throw new UserError(`${args.image}: ${args.path} ${missingReason(fs, wanted)}`);
  // Like ls: a symlink to a directory lists the directory; any other symlink is shown itself.
  if (node?.type === 'symlink' && fs.resolve(wanted)?.node.type !== 'dir') {
    await out.write(`${lsLine(node, args)}\n`);
    return 0;
  }
  await writeLines(out, fs.walk(wanted), (entry) => lsLine(entry, args));
  return 0;
}

/** Writes lines in batches: a write per line made printing most of the cost of `ls` on a large image. */
async function writeLines<T>(out: Output, items: Iterable<T>, line: (item: T) => string): Promise<void> {
  let batch = '';
  for (const item of items) {
    batch += `${line(item)}\n`;
    if (batch.length >= 64 * 1024) {
      await out.write(batch);
      batch = '';
    }
  }
  if (batch) await out.write(batch);
}

/** Why a path cannot be shown: usually it is not there; a symlink loop says so. */
function missingReason(fs: MergedFilesystem, path: string): string {
  const reason = fs.whyMissing(path);
  return !reason || /no such file/i.test(reason) ? 'does not exist in the image' : `cannot be read in the image (${reason})`;
}

const CAT_LIMIT = 1024 * 1024 * 1024;

/** `cat`: one file's bytes, symlinks followed inside the image. */
export async function runCat(args: CatArgs, out: Output): Promise<number> {
  const wanted = args.path.startsWith('/') ? args.path : `/${args.path}`;
  let image = await loadOne(args.image, args.platform, (path) => (path === wanted ? new HeadCollector(CAT_LIMIT) : undefined));
  let fs = MergedFilesystem.merge(image.layerIndexes);
  const found = fs.resolve(wanted);
  if (!found) throw new UserError(`${args.image}: ${args.path} ${missingReason(fs, wanted)}`);
  if (found.node.type === 'dir') throw new UserError(`${args.image}: ${args.path} is a directory (use ls)`);
  if (found.node.type !== 'file' && found.node.type !== 'hardlink')
    throw new UserError(`${args.image}: ${args.path} is a ${found.node.type}, not a regular file`);
  if (!fs.captured(wanted)) {
    // Symlinks or hard links led elsewhere: read again, keeping the file they lead to.
    const real = found.node.linkedPath ?? found.path;
    const stored = fs.contentPath(real);
    image = await loadOne(args.image, args.platform, (path) => (path === stored || path === real ? new HeadCollector(CAT_LIMIT) : undefined));
    fs = MergedFilesystem.merge(image.layerIndexes);
  }
  const file = fs.captured(wanted);
  if (!file) throw new UserError(`${args.image}: could not read ${args.path}`);
  if (file.truncated) throw new UserError(`${args.image}: ${args.path} is larger than ${CAT_LIMIT} bytes`);
  out.write(file.head);
  return 0;
}

/** `diff`: sizes, layers and directories of IMAGE against BASE. */
export async function runDiff(args: DiffArgs, out: Output): Promise<number> {
  const image = await loadOne(args.image, args.platform, () => undefined);
  const { facts } = gatherFacts(image);
  // diff shows directories too, which only a baseline's layers tell.
  const baseline = await loadBaseline(args.base, args.image, image.platform, {}, true);
  const comparison = compareWithBaseline(facts, [], baseline);
  if (args.format === 'json') out.write(`${JSON.stringify({ image: args.image, base: args.base, ...comparison }, null, 2)}\n`);
  else out.write(renderDiffText(args.image, facts.sizes, comparison, { color: out.color }));
  return 0;
}

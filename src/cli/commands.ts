import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check } from '../engine/check.ts';
import { imageInputs } from '../engine/inputs.ts';
import { type ListedNode, compareImages, listImage, readImageFile } from '../engine/inspect.ts';
import { migrate, renderMigration } from '../engine/migrate.ts';
import { policyFromFile } from '../engine/policy-file.ts';
import { UserError, messageOf } from '../errors.ts';
import type { FsNode } from '../image/types.ts';
import { renderDiffText } from '../report/diff.ts';
import { rulesDocUrls } from '../report/links.ts';
import { type Sink, writeChunks, writeReport } from '../report/output.ts';
import type { CatArgs, CheckArgs, DiffArgs, LsArgs, MigrateArgs } from './args.ts';

/** stdout or stderr of the CLI; `write` resolves once the stream can take more, so output does not pile up in memory. */
export interface Output extends Sink {
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
  if (notice) await err.write(`${notice}\n`);
  if (args.format !== 'text') for (const line of report.notices) await err.write(`note: ${line}\n`);
  // Not an action step: rule links go to the docs of the release package.json names.
  for (const line of await writeReport(report, args.format, out, { color: out.color, rulesDocUrl: rulesDocUrls({}) })) await err.write(`note: ${line}\n`);
  return report.passed ? 0 : 1;
}

const TYPE_CHAR: Record<FsNode['type'], string> = { file: '-', dir: 'd', symlink: 'l', hardlink: 'h', char: 'c', block: 'b', fifo: 'p' };

function modeString(type: FsNode['type'], mode: number): string {
  const bits = 'rwxrwxrwx'.split('').map((ch, i) => ((mode >> (8 - i)) & 1 ? ch : '-'));
  if (mode & 0o4000) bits[2] = bits[2] === 'x' ? 's' : 'S';
  if (mode & 0o2000) bits[5] = bits[5] === 'x' ? 's' : 'S';
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  return TYPE_CHAR[type] + bits.join('');
}

function lsLine(node: ListedNode, args: LsArgs): string {
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
  const nodes = await listImage({ reference: args.image, platform: args.platform }, args.path, args.layer);
  await writeLines(out, nodes, (node) => lsLine(node, args));
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

/** `cat`: one file's bytes, symlinks followed inside the image. */
export async function runCat(args: CatArgs, out: Output): Promise<number> {
  await out.write(await readImageFile({ reference: args.image, platform: args.platform }, args.path));
  return 0;
}

/** `diff`: sizes, layers and directories of IMAGE against BASE. */
export async function runDiff(args: DiffArgs, out: Output): Promise<number> {
  const { sizes, comparison } = await compareImages({ reference: args.image, platform: args.platform }, args.base);
  const text =
    args.format === 'json'
      ? `${JSON.stringify({ image: args.image, base: args.base, ...comparison }, null, 2)}\n`
      : renderDiffText(args.image, sizes, comparison, { color: out.color });
  await writeChunks(out, text);
  return 0;
}

/** `migrate`: exit 0 plan written, 1 blocked. */
export async function runMigrate(args: MigrateArgs, out: Output, err: Output): Promise<number> {
  const plan = await migrate({
    image: args.image,
    from: args.from,
    registry: args.registry,
    platform: args.platform,
    log: (line) => {
      if (!line.startsWith('reading ')) void err.write(`note: ${line}\n`);
    },
  });
  let written: string | undefined;
  if (args.output !== undefined && plan.dockerfile) {
    written = join(args.output, 'Dockerfile');
    try {
      await mkdir(args.output, { recursive: true });
      await writeFile(written, plan.dockerfile);
    } catch (error) {
      throw new UserError(`${written}: cannot write the Dockerfile (${messageOf(error)})`);
    }
  }
  await writeChunks(out, renderMigration(plan, args.format, { written }));
  return plan.status === 'planned' ? 0 : 1;
}

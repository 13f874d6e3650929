import { posix } from 'node:path';
import type { HistoryEntry } from '../image/types.ts';
import type { DockerfileModel, Instruction } from './dockerfile.ts';

export interface LayerSource {
  /** Index in rootfs.diff_ids. */
  layer: number;
  /** Index in the config's history. */
  historyIndex: number;
  createdBy: string;
  /** The Dockerfile instruction that made the layer; undefined when nothing matches: never a guess. */
  instruction?: Instruction;
  /** The layer predates the Dockerfile's own instructions (its instruction is then the final chain's first FROM). */
  fromBaseImage: boolean;
}

export type ConfigKeyword = 'USER' | 'ENTRYPOINT' | 'CMD' | 'ENV' | 'HEALTHCHECK' | 'EXPOSE' | 'LABEL' | 'ARG';

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
const DOCKERFILE_KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
const BUILDKIT_SUFFIX = '# buildkit';
const LEGACY_METADATA = '#(nop)';
const DEFAULT_SHELL = '/bin/sh -c';

/**
 * Pairs each history entry that is not `empty_layer` with the next diff id; undefined when there is no
 * history or the counts disagree (the mapping is then unknown).
 */
export function layerSources(
  history: HistoryEntry[] | undefined,
  layerCount: number,
): { layer: number; historyIndex: number; createdBy: string }[] | undefined {
  if (!Array.isArray(history)) return undefined;
  const sources: { layer: number; historyIndex: number; createdBy: string }[] = [];
  history.forEach((entry, historyIndex) => {
    if (entry.empty_layer !== true) sources.push({ layer: sources.length, historyIndex, createdBy: createdByOf(entry) });
  });
  return sources.length === layerCount ? sources : undefined;
}

/**
 * Finds the Dockerfile instruction behind each layer. One entry per layer; when history and layers
 * disagree every entry has historyIndex -1 and no instruction.
 *
 * Images record no line numbers, so the history is aligned with the final chain's RUN, COPY, ADD and
 * WORKDIR instructions from the end: the Dockerfile's steps are the last ones, the base image's come
 * before. Each aligned pair must also agree on what was run or copied; a pair that does not is left
 * unmatched instead of shifting the alignment to force a fit.
 */
export function matchHistory(history: HistoryEntry[] | undefined, layerCount: number, dockerfile: DockerfileModel): LayerSource[] {
  const sources = layerSources(history, layerCount);
  if (!history || !sources) {
    return Array.from({ length: layerCount }, (_, layer) => ({ layer, historyIndex: -1, createdBy: '', fromBaseImage: false }));
  }
  const { matched, baseEnd } = alignSteps(history, dockerfile);
  const root = dockerfile.finalChain[0];
  return sources.map((source) => {
    const fromBaseImage = source.historyIndex <= baseEnd;
    const instruction = fromBaseImage ? root.from : matched.get(source.historyIndex);
    return instruction ? { ...source, instruction, fromBaseImage } : { ...source, fromBaseImage };
  });
}

/**
 * The RUN, COPY, ADD or WORKDIR instruction behind each history entry that records one (entries
 * that made no layer included), keyed by history index; `baseEnd` is the last entry of the base
 * image, -1 when that is not known.
 */
export function alignSteps(history: HistoryEntry[], dockerfile: DockerfileModel): { matched: Map<number, Instruction>; baseEnd: number } {
  // Legacy builds mark a RUN or COPY that changed nothing as empty_layer, yet still record it: such entries
  // take part in the alignment, metadata entries (ENV, CMD, ...) do not.
  const steps: { historyIndex: number; step: RecordedStep }[] = [];
  history.forEach((entry, historyIndex) => {
    const step = recordedStep(createdByOf(entry));
    if (entry.empty_layer !== true || LAYER_KEYWORDS.has(step.keyword)) steps.push({ historyIndex, step });
  });
  const shells = shellsOfRuns(dockerfile);
  const instructions = dockerfile.finalChain.flatMap((stage) => stage.instructions).filter((instruction) => LAYER_KEYWORDS.has(instruction.keyword));

  const matched = new Map<number, Instruction>();
  let allAgree = true;
  let stepIndex = steps.length - 1;
  let instructionIndex = instructions.length - 1;
  while (stepIndex >= 0 && instructionIndex >= 0) {
    const { historyIndex, step } = steps[stepIndex];
    const instruction = instructions[instructionIndex];
    if (step.keyword === instruction.keyword) {
      if (stepMatches(step, instruction, shells.get(instruction) ?? DEFAULT_SHELL)) matched.set(historyIndex, instruction);
      else allAgree = false;
      stepIndex--;
      instructionIndex--;
    } else if (instruction.keyword === 'WORKDIR') {
      // Not every builder records a step for WORKDIR: one missing is no disagreement.
      instructionIndex--;
    } else {
      // A WORKDIR step the Dockerfile lacks is skipped on its own; any other pair fails in place.
      if (step.keyword !== 'WORKDIR') instructionIndex--;
      allAgree = false;
      stepIndex--;
    }
  }

  // Whatever precedes the Dockerfile's first step is the base image's, but only when every step agreed
  // (the alignment is then trustworthy) and the base is not scratch (which has no layers).
  const root = dockerfile.finalChain[0];
  const baseEnd = instructionIndex < 0 && allAgree && root.baseImage !== 'scratch' && stepIndex >= 0 ? steps[stepIndex].historyIndex : -1;
  return { matched, baseEnd };
}

type SettingKeyword = 'ENV' | 'LABEL' | 'ARG';

/**
 * Finds the ENV, LABEL or ARG instruction behind a history entry that sets a name: the entries and
 * the final chain's instructions of that keyword setting that name are paired from the end (the
 * base image's entries come first, and take the first FROM). Undefined when the entry is not such
 * a setting. History and Dockerfile are indexed once, so each look-up costs little.
 */
export function settingLocator(
  history: HistoryEntry[] | undefined,
  dockerfile: DockerfileModel,
): (historyIndex: number, keyword: SettingKeyword, name: string) => Instruction | undefined {
  const keyOf = (keyword: string, name: string) => `${keyword}\0${name}`;
  // Where each entry stands among the entries setting the same name: its position and how many there are.
  const entries = new Map<string, Map<number, number>>();
  (Array.isArray(history) ? history : []).forEach((entry, index) => {
    const step = recordedStep(createdByOf(entry));
    if (step.keyword !== 'ENV' && step.keyword !== 'LABEL' && step.keyword !== 'ARG') return;
    for (const name of new Set(recordedNames(step.body))) {
      const key = keyOf(step.keyword, name);
      const positions = entries.get(key) ?? new Map<number, number>();
      positions.set(index, positions.size);
      entries.set(key, positions);
    }
  });
  const instructions = new Map<string, Instruction[]>();
  for (const instruction of dockerfile.finalChain.flatMap((stage) => stage.instructions)) {
    for (const name of new Set(instruction.expandedArgs.map(declaredName))) {
      const key = keyOf(instruction.keyword, name);
      const setters = instructions.get(key) ?? [];
      setters.push(instruction);
      instructions.set(key, setters);
    }
  }
  return (historyIndex, keyword, name) => {
    const key = keyOf(keyword, name);
    const positions = entries.get(key);
    const position = positions?.get(historyIndex);
    if (positions === undefined || position === undefined) return undefined;
    const setters = instructions.get(key) ?? [];
    const fromEnd = positions.size - 1 - position;
    return fromEnd < setters.length ? setters[setters.length - 1 - fromEnd] : dockerfile.finalChain[0].from;
  };
}

/** `settingLocator` for one look-up. */
export function settingInstructionAt(
  history: HistoryEntry[] | undefined,
  dockerfile: DockerfileModel,
  historyIndex: number,
  keyword: SettingKeyword,
  name: string,
): Instruction | undefined {
  return settingLocator(history, dockerfile)(historyIndex, keyword, name);
}

/** The names a recorded `K=V K2=V2` (or `ARG K`) sets. */
function recordedNames(body: string): string[] {
  return [...body.matchAll(/(?<=^|\s)([^\s=]+)(?==|\s|$)/g)].map((match) => match[1]);
}

/**
 * The instruction that set a runtime setting: the last one of that keyword in the final chain (for ENV
 * and LABEL given a name, the last that sets that name); the final stage's FROM when none did, since the
 * setting then came from the base image.
 */
export function configInstruction(dockerfile: DockerfileModel, keyword: ConfigKeyword, name?: string): Instruction {
  const instructions = dockerfile.finalChain.flatMap((stage) => stage.instructions);
  const named = name !== undefined && (keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG');
  const setter = instructions.findLast(
    (instruction) => instruction.keyword === keyword && (!named || instruction.expandedArgs.some((arg) => declaredName(arg) === name)),
  );
  return setter ?? dockerfile.finalStage.from;
}

function declaredName(arg: string): string {
  const at = arg.indexOf('=');
  return at === -1 ? arg : arg.slice(0, at);
}

function createdByOf(entry: HistoryEntry): string {
  return typeof entry.created_by === 'string' ? entry.created_by : '';
}

/** A history entry's created_by read back into the instruction keyword and what follows it. */
interface RecordedStep {
  keyword: string;
  body: string;
  /** The legacy builder's `#(nop) COPY file:<sha> in /dest` form, which records no sources. */
  legacy: boolean;
}

function recordedStep(createdBy: string): RecordedStep {
  let text = createdBy.trim();
  if (text.endsWith(BUILDKIT_SUFFIX)) text = text.slice(0, -BUILDKIT_SUFFIX.length).trim();
  const metadata = text.indexOf(LEGACY_METADATA);
  if (metadata !== -1) {
    const rest = text.slice(metadata + LEGACY_METADATA.length).trim();
    const word = firstWord(rest);
    return { keyword: word.toUpperCase(), body: rest.slice(word.length).trim(), legacy: true };
  }
  // BuildKit writes `RUN ...`, `COPY ...`, `WORKDIR ...`; the legacy builder writes a RUN as the bare command.
  const word = firstWord(text);
  if (DOCKERFILE_KEYWORDS.has(word)) return { keyword: word, body: text.slice(word.length).trim(), legacy: false };
  return { keyword: 'RUN', body: text, legacy: false };
}

function firstWord(text: string): string {
  const space = text.search(/\s/);
  return space === -1 ? text : text.slice(0, space);
}

/** The shell each RUN of the final chain runs under: the last SHELL before it, or the default. */
function shellsOfRuns(dockerfile: DockerfileModel): Map<Instruction, string> {
  const shells = new Map<Instruction, string>();
  let shell = DEFAULT_SHELL;
  for (const instruction of dockerfile.finalChain.flatMap((stage) => stage.instructions)) {
    if (instruction.keyword === 'SHELL' && instruction.execForm && instruction.args.length > 0) shell = collapse(instruction.args.join(' '));
    else if (instruction.keyword === 'RUN') shells.set(instruction, shell);
  }
  return shells;
}

function stepMatches(step: RecordedStep, instruction: Instruction, shell: string): boolean {
  switch (instruction.keyword) {
    case 'RUN':
      return runMatches(collapse(step.body), instruction, shell);
    case 'COPY':
    case 'ADD':
      return copyMatches(step, instruction);
    default:
      return workdirMatches(step.body, instruction);
  }
}

/**
 * Both builders record `[|N NAME=value...] <shell> <command>` for shell form and `[|N NAME=value...] argv...`
 * for exec form. Build-arg values may hold spaces, so the command is matched as the recorded text's end.
 */
function runMatches(recorded: string, instruction: Instruction, shell: string): boolean {
  const operands = instruction.args.slice(instruction.flags.length);
  if (instruction.execForm) {
    const argv = collapse(operands.join(' '));
    return argv !== '' && (recorded === argv || (recorded.startsWith('|') && recorded.endsWith(` ${argv}`)));
  }
  return runCommandForms(operands[0] ?? '').some((form) => {
    const command = collapse(form);
    if (command === '') return false;
    if (recorded === command) return true;
    if (!recorded.endsWith(` ${command}`)) return false;
    const prefix = recorded.slice(0, -command.length - 1);
    return prefix === shell || (prefix.startsWith('|') && prefix.endsWith(` ${shell}`));
  });
}

/**
 * What BuildKit may have run for a shell-form RUN. For a heredoc it records the whole text, except for a
 * lone heredoc: then just its body, or `/dev/pipes/<name>` when the body starts with a shebang.
 */
function runCommandForms(command: string): string[] {
  const lines = command.split('\n');
  if (lines.length === 1) return [command];
  const lone = /^<<-?(["']?)([^\s"']+)\1$/.exec(lines[0].trim());
  if (!lone) return [command];
  const body = lines.slice(1, -1).join('\n');
  return body.startsWith('#!') ? [command, `/dev/pipes/${lone[2]}`] : [command, body];
}

/**
 * BuildKit records `--parents`, `--chown`, `--chmod`, then the expanded sources, heredocs as `<<NAME`, and the
 * destination (`--from` and `--link` are not recorded). The legacy builder records only a content hash and the
 * destination.
 */
function copyMatches(step: RecordedStep, instruction: Instruction): boolean {
  const operands = instruction.expandedArgs.slice(instruction.flags.length);
  if (operands.length < 2) return false;
  const destination = operands[operands.length - 1];
  if (step.legacy) {
    const at = step.body.lastIndexOf(' in ');
    return at !== -1 && withoutTrailingSlash(step.body.slice(at + 4).trim()) === withoutTrailingSlash(destination);
  }
  const words = collapse(step.body).split(' ');
  const firstOperand = words.findIndex((word) => !word.startsWith('--'));
  if (firstOperand === -1) return false;
  const sources = operands.slice(0, -1);
  const files = sources.filter((source) => !source.startsWith('<<'));
  const heredocs = sources.filter((source) => source.startsWith('<<')).map((source) => `<<${source.replace(/^<<-?/, '').replace(/^(["'])(.*)\1$/, '$2')}`);
  return words.slice(firstOperand).join(' ') === collapse([...files, ...heredocs, destination].join(' '));
}

/** Both builders record the absolute, cleaned working directory. */
function workdirMatches(recorded: string, instruction: Instruction): boolean {
  const written = instruction.expandedArgs[0];
  if (written === undefined || recorded === '') return false;
  const actual = withoutTrailingSlash(posix.normalize(recorded));
  const wanted = withoutTrailingSlash(posix.normalize(written));
  if (wanted.startsWith('/')) return actual === wanted;
  return wanted !== '.' && actual.endsWith(`/${wanted}`);
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

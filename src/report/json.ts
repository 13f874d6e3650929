import { UserError } from '../errors.ts';
import type { ElfInfo } from '../facts/elf.ts';
import type { ProgramFacts } from '../facts/entrypoint.ts';
import type { FileFlag, ImageFacts } from '../facts/index.ts';
import type { LibraryResolution } from '../facts/libraries.ts';
import type { LayerSize } from '../facts/sizes.ts';
import { FAIL_ON_VALUES, RULE_IDS } from '../policy/types.ts';
import type { BaselineComparison, DockerfileLocation, Finding, ImageReport, LayerChange, Report, SizeDelta } from './model.ts';

/**
 * The JSON report (docs/report-format.md): a documented shape that workflows parse and later
 * runs read back as a baseline. The model is mapped field by field, so an internal rename never
 * changes the file; absent values are `null`, never missing keys.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const REPORT_VERSION = 1;

/**
 * Variables whose values are kept in the report; every other value is redacted (the name stays),
 * since the report is uploaded as an artifact and ENV may hold credentials.
 */
const HARMLESS_ENV_NAMES = new Set([
  'PATH',
  'HOME',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'USER',
  'SHELL',
  'HOSTNAME',
  'LD_LIBRARY_PATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'JAVA_HOME',
  'JAVA_VERSION',
  'NODE_ENV',
  'NODE_VERSION',
  'YARN_VERSION',
  'PYTHON_VERSION',
  'PYTHONPATH',
  'PYTHONUNBUFFERED',
  'PYTHONDONTWRITEBYTECODE',
  'GOLANG_VERSION',
  'GOPATH',
  'DEBIAN_FRONTEND',
]);

/** What a redacted value reads as when a report is read back. */
export const REDACTED_VALUE = '[redacted]';

export function isHarmlessEnvName(name: string): boolean {
  return HARMLESS_ENV_NAMES.has(name) || /^LC_[A-Z]+$/.test(name);
}

export function renderJson(report: Report): string {
  const json: JsonObject = {
    version: REPORT_VERSION,
    passed: report.passed,
    failOn: report.failOn,
    policy: report.policy,
    notices: report.notices,
    images: report.images.map(imageToJson),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function imageToJson(image: ImageReport): JsonObject {
  return {
    image: image.name,
    reference: image.reference,
    platform: image.platform,
    digest: image.digest ?? null,
    passed: image.passed,
    errors: image.errors,
    warnings: image.warnings,
    waived: image.waived,
    size: { compressed: image.size.compressed ?? null, uncompressed: image.size.uncompressed, layers: image.size.layers },
    findings: image.findings.map(findingToJson),
    facts: factsToJson(image.facts),
    baseline: image.baseline ? baselineToJson(image.baseline) : null,
  };
}

function findingToJson(finding: Finding): JsonObject {
  return {
    rule: finding.rule,
    level: finding.level,
    message: finding.message,
    path: finding.path ?? null,
    layer: finding.layer ?? null,
    instruction: finding.instruction ?? null,
    hint: finding.hint ?? null,
    location: finding.location
      ? { file: finding.location.file, line: finding.location.line, endLine: finding.location.endLine, text: finding.location.text }
      : null,
    new: finding.new ?? null,
  };
}

function factsToJson(facts: ImageFacts): JsonObject {
  const { sizes, entrypoint } = facts;
  return {
    filesRead: facts.filesRead,
    os: facts.os ? { id: facts.os.id ?? null, versionId: facts.os.versionId ?? null, prettyName: facts.os.prettyName ?? null, source: facts.os.source } : null,
    user: { configured: facts.user.configured, uid: facts.user.uid ?? null, gid: facts.user.gid ?? null, resolved: facts.user.resolved },
    users: facts.users.map((user) => ({ name: user.name, uid: user.uid, gid: user.gid, home: user.home, shell: user.shell })),
    groups: facts.groups.map((group) => ({ name: group.name, gid: group.gid })),
    packages: facts.packages.map((inventory) => ({ manager: inventory.manager, source: inventory.source, count: inventory.count, names: inventory.names })),
    shells: facts.shells.map(binaryToJson),
    packageManagers: facts.packageManagers.map(binaryToJson),
    entrypoint: {
      entrypoint: entrypoint.entrypoint,
      cmd: entrypoint.cmd,
      argv: entrypoint.argv,
      entrypointShellForm: entrypoint.entrypointShellForm,
      cmdShellForm: entrypoint.cmdShellForm,
      healthcheckShellForm: entrypoint.healthcheckShellForm,
      program: entrypoint.program ? programToJson(entrypoint.program) : null,
    },
    env: facts.env.map(([name, value]) => ({ name, value: isHarmlessEnvName(name) ? value : null })),
    labels: { ...facts.labels },
    setuid: facts.setuid.map(fileFlagToJson),
    worldWritable: facts.worldWritable.map(fileFlagToJson),
    sizes: {
      compressed: sizes.compressed ?? null,
      uncompressed: sizes.uncompressed,
      hidden: sizes.hidden,
      layers: sizes.layers.map(layerToJson),
      directories: sizes.directories.map((dir) => ({ path: dir.path, size: dir.size })),
    },
    layerCommands: facts.layerCommands.map((command) => command ?? null),
    baseImage: facts.baseImage ? { name: facts.baseImage.name, digest: facts.baseImage.digest ?? null, source: facts.baseImage.source } : null,
  };
}

function binaryToJson(binary: ImageFacts['shells'][number]): JsonObject {
  return { name: binary.name, path: binary.path, realPath: binary.realPath, layer: binary.layer, via: binary.via ?? null };
}

function programToJson(program: ProgramFacts): JsonObject {
  return {
    command: program.command,
    path: program.path ?? null,
    layer: program.layer ?? null,
    executable: program.executable,
    kind: program.kind,
    interpreter: program.interpreter
      ? {
          command: program.interpreter.command,
          path: program.interpreter.path ?? null,
          argument: program.interpreter.argument ?? null,
          envCommand: program.interpreter.envCommand
            ? { command: program.interpreter.envCommand.command, path: program.interpreter.envCommand.path ?? null }
            : null,
        }
      : null,
    elf: program.elf ? elfToJson(program.elf) : null,
    libraries: program.libraries ? librariesToJson(program.libraries) : null,
  };
}

function elfToJson(elf: ElfInfo): JsonObject {
  return {
    class: elf.class,
    endian: elf.endian,
    machine: elf.machine,
    machineName: elf.machineName,
    type: elf.type,
    interpreter: elf.interpreter ?? null,
    needed: elf.needed,
    soname: elf.soname ?? null,
    runpath: elf.runpath,
    rpath: elf.rpath,
    dynamic: elf.dynamic,
    complete: elf.complete,
  };
}

function librariesToJson(resolution: LibraryResolution): JsonObject {
  return {
    interpreter: resolution.interpreter ? { path: resolution.interpreter.path, found: resolution.interpreter.found } : null,
    libraries: resolution.libraries.map((library) => ({ name: library.name, neededBy: library.neededBy, path: library.path ?? null })),
    incomplete: resolution.incomplete,
  };
}

function fileFlagToJson(flag: FileFlag): JsonObject {
  // Octal digits, as chmod and ls show permissions.
  return { path: flag.path, mode: flag.mode.toString(8).padStart(4, '0'), layer: flag.layer, type: flag.type };
}

function layerToJson(layer: LayerSize): JsonObject {
  return {
    index: layer.index,
    diffId: layer.diffId ?? null,
    digest: layer.digest ?? null,
    compressed: layer.compressed ?? null,
    uncompressed: layer.uncompressed,
    content: layer.content,
    hidden: layer.hidden,
    files: layer.files,
    absent: layer.absent ?? null,
  };
}

function baselineToJson(baseline: BaselineComparison): JsonObject {
  const change = (layer: LayerChange): JsonObject => ({
    index: layer.index,
    diffId: layer.diffId ?? null,
    size: layer.size,
    instruction: layer.instruction ?? null,
  });
  return {
    reference: baseline.reference,
    compressed: baseline.compressed ? deltaToJson(baseline.compressed) : null,
    uncompressed: baseline.uncompressed ? deltaToJson(baseline.uncompressed) : null,
    layers: { shared: baseline.layers.shared, added: baseline.layers.added.map(change), removed: baseline.layers.removed.map(change) },
    directories: baseline.directories.map((dir) => ({ path: dir.path, before: dir.before, after: dir.after, delta: dir.delta })),
    findingsKnown: baseline.findingsKnown,
  };
}

function deltaToJson(delta: SizeDelta): JsonObject {
  return { before: delta.before, after: delta.after, delta: delta.delta, percent: delta.percent ?? null };
}

/**
 * Reads a JSON report back (a baseline, or a stored report to render again). Every field is
 * checked; a file that is not one names the first field that is wrong. Redacted env values read
 * as `REDACTED_VALUE`.
 */
export function parseJsonReport(text: string, source: string): Report {
  const read = new ShapeReader(source);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw read.error(`it is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = read.object(value, 'the top level');
  if (root.version !== REPORT_VERSION) {
    throw read.error(`"version" is ${JSON.stringify(root.version) ?? 'missing'}; this version of distroless-guard reads version ${REPORT_VERSION}`);
  }
  return {
    version: REPORT_VERSION,
    passed: read.boolean(root.passed, 'passed'),
    failOn: read.oneOf(root.failOn, 'failOn', FAIL_ON_VALUES),
    policy: read.string(root.policy, 'policy'),
    notices: read.array(root.notices, 'notices', (item, path) => read.string(item, path)),
    images: read.array(root.images, 'images', (item, path) => imageFromJson(read, item, path)),
  };
}

function imageFromJson(read: ShapeReader, value: unknown, path: string): ImageReport {
  const json = read.object(value, path);
  const size = read.object(json.size, `${path}.size`);
  const image: ImageReport = {
    name: read.string(json.image, `${path}.image`),
    reference: read.string(json.reference, `${path}.reference`),
    platform: read.string(json.platform, `${path}.platform`),
    size: { uncompressed: read.count(size.uncompressed, `${path}.size.uncompressed`), layers: read.count(size.layers, `${path}.size.layers`) },
    findings: read.array(json.findings, `${path}.findings`, (item, itemPath) => findingFromJson(read, item, itemPath)),
    waived: read.count(json.waived, `${path}.waived`),
    errors: read.count(json.errors, `${path}.errors`),
    warnings: read.count(json.warnings, `${path}.warnings`),
    passed: read.boolean(json.passed, `${path}.passed`),
    facts: factsFromJson(read, json.facts, `${path}.facts`),
  };
  setIfDefined(image, 'digest', read.optionalString(json.digest, `${path}.digest`));
  setIfDefined(image.size, 'compressed', read.optionalCount(size.compressed, `${path}.size.compressed`));
  if (json.baseline !== null && json.baseline !== undefined) image.baseline = baselineFromJson(read, json.baseline, `${path}.baseline`);
  return image;
}

function findingFromJson(read: ShapeReader, value: unknown, path: string): Finding {
  const json = read.object(value, path);
  const finding: Finding = {
    rule: read.oneOf(json.rule, `${path}.rule`, RULE_IDS),
    level: read.oneOf(json.level, `${path}.level`, ['error', 'warning'] as const),
    message: read.string(json.message, `${path}.message`),
  };
  setIfDefined(finding, 'path', read.optionalString(json.path, `${path}.path`));
  setIfDefined(finding, 'layer', read.optionalCount(json.layer, `${path}.layer`));
  setIfDefined(finding, 'instruction', read.optionalString(json.instruction, `${path}.instruction`));
  setIfDefined(finding, 'hint', read.optionalString(json.hint, `${path}.hint`));
  if (json.location !== null && json.location !== undefined) finding.location = locationFromJson(read, json.location, `${path}.location`);
  if (json.new !== null && json.new !== undefined) finding.new = read.boolean(json.new, `${path}.new`);
  return finding;
}

function locationFromJson(read: ShapeReader, value: unknown, path: string): DockerfileLocation {
  const json = read.object(value, path);
  return {
    file: read.string(json.file, `${path}.file`),
    line: read.count(json.line, `${path}.line`),
    endLine: read.count(json.endLine, `${path}.endLine`),
    text: read.string(json.text, `${path}.text`),
  };
}

function factsFromJson(read: ShapeReader, value: unknown, path: string): ImageFacts {
  const json = read.object(value, path);
  const user = read.object(json.user, `${path}.user`);
  const entrypoint = read.object(json.entrypoint, `${path}.entrypoint`);
  const sizes = read.object(json.sizes, `${path}.sizes`);
  const strings = (item: unknown, itemPath: string): string => read.string(item, itemPath);
  const facts: ImageFacts = {
    filesRead: read.boolean(json.filesRead, `${path}.filesRead`),
    users: read.array(json.users, `${path}.users`, (item, itemPath) => {
      const entry = read.object(item, itemPath);
      return {
        name: read.string(entry.name, `${itemPath}.name`),
        uid: read.count(entry.uid, `${itemPath}.uid`),
        gid: read.count(entry.gid, `${itemPath}.gid`),
        home: read.string(entry.home, `${itemPath}.home`),
        shell: read.string(entry.shell, `${itemPath}.shell`),
      };
    }),
    groups: read.array(json.groups, `${path}.groups`, (item, itemPath) => {
      const entry = read.object(item, itemPath);
      return { name: read.string(entry.name, `${itemPath}.name`), gid: read.count(entry.gid, `${itemPath}.gid`) };
    }),
    user: { configured: read.string(user.configured, `${path}.user.configured`), resolved: read.boolean(user.resolved, `${path}.user.resolved`) },
    packages: read.array(json.packages, `${path}.packages`, (item, itemPath) => {
      const entry = read.object(item, itemPath);
      return {
        manager: read.oneOf(entry.manager, `${itemPath}.manager`, ['dpkg', 'apk'] as const),
        source: read.string(entry.source, `${itemPath}.source`),
        count: read.count(entry.count, `${itemPath}.count`),
        names: read.array(entry.names, `${itemPath}.names`, strings),
      };
    }),
    shells: read.array(json.shells, `${path}.shells`, (item, itemPath) => binaryFromJson(read, item, itemPath)),
    packageManagers: read.array(json.packageManagers, `${path}.packageManagers`, (item, itemPath) => binaryFromJson(read, item, itemPath)),
    entrypoint: {
      entrypoint: read.array(entrypoint.entrypoint, `${path}.entrypoint.entrypoint`, strings),
      cmd: read.array(entrypoint.cmd, `${path}.entrypoint.cmd`, strings),
      argv: read.array(entrypoint.argv, `${path}.entrypoint.argv`, strings),
      entrypointShellForm: read.boolean(entrypoint.entrypointShellForm, `${path}.entrypoint.entrypointShellForm`),
      cmdShellForm: read.boolean(entrypoint.cmdShellForm, `${path}.entrypoint.cmdShellForm`),
      healthcheckShellForm: read.boolean(entrypoint.healthcheckShellForm, `${path}.entrypoint.healthcheckShellForm`),
    },
    env: read.array(json.env, `${path}.env`, (item, itemPath) => {
      const entry = read.object(item, itemPath);
      const name = read.string(entry.name, `${itemPath}.name`);
      return [name, read.optionalString(entry.value, `${itemPath}.value`) ?? REDACTED_VALUE];
    }),
    labels: read.stringRecord(json.labels, `${path}.labels`),
    setuid: read.array(json.setuid, `${path}.setuid`, (item, itemPath) => fileFlagFromJson(read, item, itemPath)),
    worldWritable: read.array(json.worldWritable, `${path}.worldWritable`, (item, itemPath) => fileFlagFromJson(read, item, itemPath)),
    sizes: {
      uncompressed: read.count(sizes.uncompressed, `${path}.sizes.uncompressed`),
      hidden: read.count(sizes.hidden, `${path}.sizes.hidden`),
      layers: read.array(sizes.layers, `${path}.sizes.layers`, (item, itemPath) => layerFromJson(read, item, itemPath)),
      directories: read.array(sizes.directories, `${path}.sizes.directories`, (item, itemPath) => {
        const entry = read.object(item, itemPath);
        return { path: read.string(entry.path, `${itemPath}.path`), size: read.count(entry.size, `${itemPath}.size`) };
      }),
    },
    layerCommands: read.array(json.layerCommands, `${path}.layerCommands`, (item, itemPath) => read.optionalString(item, itemPath)),
  };
  setIfDefined(facts.user, 'uid', read.optionalCount(user.uid, `${path}.user.uid`));
  setIfDefined(facts.user, 'gid', read.optionalCount(user.gid, `${path}.user.gid`));
  setIfDefined(facts.sizes, 'compressed', read.optionalCount(sizes.compressed, `${path}.sizes.compressed`));
  if (json.os !== null && json.os !== undefined) {
    const os = read.object(json.os, `${path}.os`);
    facts.os = { source: read.string(os.source, `${path}.os.source`) };
    setIfDefined(facts.os, 'id', read.optionalString(os.id, `${path}.os.id`));
    setIfDefined(facts.os, 'versionId', read.optionalString(os.versionId, `${path}.os.versionId`));
    setIfDefined(facts.os, 'prettyName', read.optionalString(os.prettyName, `${path}.os.prettyName`));
  }
  if (entrypoint.program !== null && entrypoint.program !== undefined) {
    facts.entrypoint.program = programFromJson(read, entrypoint.program, `${path}.entrypoint.program`);
  }
  if (json.baseImage !== null && json.baseImage !== undefined) {
    const base = read.object(json.baseImage, `${path}.baseImage`);
    facts.baseImage = {
      name: read.string(base.name, `${path}.baseImage.name`),
      source: read.oneOf(base.source, `${path}.baseImage.source`, ['annotation', 'label', 'dockerfile'] as const),
    };
    setIfDefined(facts.baseImage, 'digest', read.optionalString(base.digest, `${path}.baseImage.digest`));
  }
  return facts;
}

function binaryFromJson(read: ShapeReader, value: unknown, path: string): ImageFacts['shells'][number] {
  const json = read.object(value, path);
  const binary: ImageFacts['shells'][number] = {
    name: read.string(json.name, `${path}.name`),
    path: read.string(json.path, `${path}.path`),
    realPath: read.string(json.realPath, `${path}.realPath`),
    layer: read.count(json.layer, `${path}.layer`),
  };
  setIfDefined(binary, 'via', read.optionalString(json.via, `${path}.via`));
  return binary;
}

function programFromJson(read: ShapeReader, value: unknown, path: string): ProgramFacts {
  const json = read.object(value, path);
  const program: ProgramFacts = {
    command: read.string(json.command, `${path}.command`),
    executable: read.boolean(json.executable, `${path}.executable`),
    kind: read.oneOf(json.kind, `${path}.kind`, ['elf', 'script', 'other', 'missing', 'unknown'] as const),
  };
  setIfDefined(program, 'path', read.optionalString(json.path, `${path}.path`));
  setIfDefined(program, 'layer', read.optionalCount(json.layer, `${path}.layer`));
  if (json.interpreter !== null && json.interpreter !== undefined) {
    const interpreter = read.object(json.interpreter, `${path}.interpreter`);
    program.interpreter = { command: read.string(interpreter.command, `${path}.interpreter.command`) };
    setIfDefined(program.interpreter, 'path', read.optionalString(interpreter.path, `${path}.interpreter.path`));
    setIfDefined(program.interpreter, 'argument', read.optionalString(interpreter.argument, `${path}.interpreter.argument`));
    if (interpreter.envCommand !== null && interpreter.envCommand !== undefined) {
      const envCommand = read.object(interpreter.envCommand, `${path}.interpreter.envCommand`);
      program.interpreter.envCommand = { command: read.string(envCommand.command, `${path}.interpreter.envCommand.command`) };
      setIfDefined(program.interpreter.envCommand, 'path', read.optionalString(envCommand.path, `${path}.interpreter.envCommand.path`));
    }
  }
  if (json.elf !== null && json.elf !== undefined) program.elf = elfFromJson(read, json.elf, `${path}.elf`);
  if (json.libraries !== null && json.libraries !== undefined) program.libraries = librariesFromJson(read, json.libraries, `${path}.libraries`);
  return program;
}

function elfFromJson(read: ShapeReader, value: unknown, path: string): ElfInfo {
  const json = read.object(value, path);
  const strings = (item: unknown, itemPath: string): string => read.string(item, itemPath);
  const elf: ElfInfo = {
    class: read.oneOf(json.class, `${path}.class`, [32, 64] as const),
    endian: read.oneOf(json.endian, `${path}.endian`, ['little', 'big'] as const),
    machine: read.count(json.machine, `${path}.machine`),
    machineName: read.string(json.machineName, `${path}.machineName`),
    type: read.oneOf(json.type, `${path}.type`, ['exec', 'dyn', 'rel', 'core', 'other'] as const),
    needed: read.array(json.needed, `${path}.needed`, strings),
    runpath: read.array(json.runpath, `${path}.runpath`, strings),
    rpath: read.array(json.rpath, `${path}.rpath`, strings),
    dynamic: read.boolean(json.dynamic, `${path}.dynamic`),
    complete: read.boolean(json.complete, `${path}.complete`),
  };
  setIfDefined(elf, 'interpreter', read.optionalString(json.interpreter, `${path}.interpreter`));
  setIfDefined(elf, 'soname', read.optionalString(json.soname, `${path}.soname`));
  return elf;
}

function librariesFromJson(read: ShapeReader, value: unknown, path: string): LibraryResolution {
  const json = read.object(value, path);
  const resolution: LibraryResolution = {
    libraries: read.array(json.libraries, `${path}.libraries`, (item, itemPath) => {
      const entry = read.object(item, itemPath);
      const library: LibraryResolution['libraries'][number] = {
        name: read.string(entry.name, `${itemPath}.name`),
        neededBy: read.string(entry.neededBy, `${itemPath}.neededBy`),
      };
      setIfDefined(library, 'path', read.optionalString(entry.path, `${itemPath}.path`));
      return library;
    }),
    incomplete: read.array(json.incomplete, `${path}.incomplete`, (item, itemPath) => read.string(item, itemPath)),
  };
  if (json.interpreter !== null && json.interpreter !== undefined) {
    const interpreter = read.object(json.interpreter, `${path}.interpreter`);
    resolution.interpreter = {
      path: read.string(interpreter.path, `${path}.interpreter.path`),
      found: read.boolean(interpreter.found, `${path}.interpreter.found`),
    };
  }
  return resolution;
}

function fileFlagFromJson(read: ShapeReader, value: unknown, path: string): FileFlag {
  const json = read.object(value, path);
  const mode = read.string(json.mode, `${path}.mode`);
  if (!/^[0-7]{1,6}$/.test(mode)) throw read.error(`${path}.mode is ${JSON.stringify(mode)}, not octal digits like "4755"`);
  return {
    path: read.string(json.path, `${path}.path`),
    mode: Number.parseInt(mode, 8),
    layer: read.count(json.layer, `${path}.layer`),
    type: read.oneOf(json.type, `${path}.type`, ['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo'] as const),
  };
}

function layerFromJson(read: ShapeReader, value: unknown, path: string): LayerSize {
  const json = read.object(value, path);
  const layer: LayerSize = {
    index: read.count(json.index, `${path}.index`),
    uncompressed: read.count(json.uncompressed, `${path}.uncompressed`),
    content: read.count(json.content, `${path}.content`),
    hidden: read.count(json.hidden, `${path}.hidden`),
    files: read.count(json.files, `${path}.files`),
  };
  setIfDefined(layer, 'diffId', read.optionalString(json.diffId, `${path}.diffId`));
  setIfDefined(layer, 'digest', read.optionalString(json.digest, `${path}.digest`));
  setIfDefined(layer, 'compressed', read.optionalCount(json.compressed, `${path}.compressed`));
  setIfDefined(layer, 'absent', read.optionalString(json.absent, `${path}.absent`));
  return layer;
}

function baselineFromJson(read: ShapeReader, value: unknown, path: string): BaselineComparison {
  const json = read.object(value, path);
  const layers = read.object(json.layers, `${path}.layers`);
  const change =
    (kind: LayerChange['change']) =>
    (item: unknown, itemPath: string): LayerChange => {
      const entry = read.object(item, itemPath);
      const layer: LayerChange = { change: kind, index: read.count(entry.index, `${itemPath}.index`), size: read.count(entry.size, `${itemPath}.size`) };
      setIfDefined(layer, 'diffId', read.optionalString(entry.diffId, `${itemPath}.diffId`));
      setIfDefined(layer, 'instruction', read.optionalString(entry.instruction, `${itemPath}.instruction`));
      return layer;
    };
  const baseline: BaselineComparison = {
    reference: read.string(json.reference, `${path}.reference`),
    layers: {
      shared: read.count(layers.shared, `${path}.layers.shared`),
      added: read.array(layers.added, `${path}.layers.added`, change('added')),
      removed: read.array(layers.removed, `${path}.layers.removed`, change('removed')),
    },
    directories: read.array(json.directories, `${path}.directories`, (item, itemPath) => {
      const entry = read.object(item, itemPath);
      return {
        path: read.string(entry.path, `${itemPath}.path`),
        before: read.count(entry.before, `${itemPath}.before`),
        after: read.count(entry.after, `${itemPath}.after`),
        delta: read.number(entry.delta, `${itemPath}.delta`),
      };
    }),
    findingsKnown: read.boolean(json.findingsKnown, `${path}.findingsKnown`),
  };
  if (json.compressed !== null && json.compressed !== undefined) baseline.compressed = deltaFromJson(read, json.compressed, `${path}.compressed`);
  if (json.uncompressed !== null && json.uncompressed !== undefined) baseline.uncompressed = deltaFromJson(read, json.uncompressed, `${path}.uncompressed`);
  return baseline;
}

function deltaFromJson(read: ShapeReader, value: unknown, path: string): SizeDelta {
  const json = read.object(value, path);
  const delta: SizeDelta = {
    before: read.count(json.before, `${path}.before`),
    after: read.count(json.after, `${path}.after`),
    delta: read.number(json.delta, `${path}.delta`),
  };
  if (json.percent !== null && json.percent !== undefined) delta.percent = read.number(json.percent, `${path}.percent`);
  return delta;
}

/** Optional fields stay absent rather than `undefined`, so a read-back report equals the original. */
function setIfDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Checks one value at a time; errors name the field (`images[0].size.layers`) and what it holds. */
class ShapeReader {
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  error(reason: string): UserError {
    return new UserError(`${this.source}: not a distroless-guard report (${reason})`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.wrong(path, 'an object', value);
    return value as Record<string, unknown>;
  }

  array<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): T[] {
    if (!Array.isArray(value)) throw this.wrong(path, 'an array', value);
    return value.map((element: unknown, index) => item(element, `${path}[${index}]`));
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') throw this.wrong(path, 'a string', value);
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === null || value === undefined ? undefined : this.string(value, path);
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') throw this.wrong(path, 'true or false', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.wrong(path, 'a number', value);
    return value;
  }

  /** A whole number, 0 or more: sizes, counts, indexes, lines. */
  count(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw this.wrong(path, 'a whole number (0 or more)', value);
    return value;
  }

  optionalCount(value: unknown, path: string): number | undefined {
    return value === null || value === undefined ? undefined : this.count(value, path);
  }

  oneOf<const T extends string | number>(value: unknown, path: string, allowed: readonly T[]): T {
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) throw this.wrong(path, `one of ${allowed.map((candidate) => JSON.stringify(candidate)).join(', ')}`, value);
    return found;
  }

  stringRecord(value: unknown, path: string): Record<string, string> {
    const json = this.object(value, path);
    const record: Record<string, string> = {};
    for (const [key, item] of Object.entries(json)) record[key] = this.string(item, `${path}[${JSON.stringify(key)}]`);
    return record;
  }

  private wrong(path: string, expected: string, value: unknown): UserError {
    return this.error(`${path} should be ${expected}, found ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

import type { ElfInfo } from '../facts/elf.ts';
import { findTokens } from '../facts/secret-tokens.ts';
import type { ProgramFacts } from '../facts/entrypoint.ts';
import type { FileFlag, ImageFacts } from '../facts/index.ts';
import type { LibraryResolution } from '../facts/libraries.ts';
import type { LayerSize } from '../facts/sizes.ts';
import type { BaselineComparison, Finding, ImageReport, LayerChange, Report, SizeDelta } from './model.ts';

/**
 * Writes the JSON report (docs/report-format.md, fields described in docs/report.schema.json): a
 * documented shape that workflows parse and later runs read back (json-read.ts). The model is
 * mapped field by field, so an internal rename never changes the file; absent values are `null`,
 * never missing keys.
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
    failOn: image.failOn,
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
    fingerprint: finding.fingerprint ?? null,
    location: finding.location
      ? { file: finding.location.file, line: finding.location.line, endLine: finding.location.endLine, text: finding.location.text }
      : null,
    new: finding.new ?? null,
    subject: finding.subject ?? null,
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
    buildTools: facts.buildTools.map(binaryToJson),
    entrypoint: {
      entrypoint: entrypoint.entrypoint,
      cmd: entrypoint.cmd,
      argv: entrypoint.argv,
      entrypointShellForm: entrypoint.entrypointShellForm,
      cmdShellForm: entrypoint.cmdShellForm,
      healthcheckShellForm: entrypoint.healthcheckShellForm,
      program: entrypoint.program ? programToJson(entrypoint.program) : null,
    },
    // A harmless name may still hold a token (PATH with https://user:secret@…): such a value is redacted too.
    env: facts.env.map(([name, value]) => ({ name, value: isHarmlessEnvName(name) && findTokens(value).length === 0 ? value : null })),
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
  return { name: binary.name, path: binary.path, realPath: binary.realPath, layer: binary.layer, via: binary.via ?? null, script: binary.script ?? null };
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
    fixed: baseline.fixed ?? null,
  };
}

function deltaToJson(delta: SizeDelta): JsonObject {
  return { before: delta.before, after: delta.after, delta: delta.delta, percent: delta.percent ?? null };
}

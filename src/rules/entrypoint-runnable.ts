import { posix } from 'node:path';
import type { EntrypointFacts } from '../facts/entrypoint.ts';
import { type RawFinding, defineRule } from './rule.ts';

const NODE_TYPES: Record<string, string> = { dir: 'a directory', char: 'a character device', block: 'a block device', fifo: 'a FIFO', symlink: 'a symlink' };

export const entrypointRunnable = defineRule({
  id: 'entrypoint-runnable',
  title: 'The entry point can start',
  anchor: 'entrypoint-runnable',
  levels: { recommended: 'error', strict: 'error' },
  options: {},
  needsFiles: true,
  check: ({ facts, architecture }) => {
    const { entrypoint } = facts.entrypoint;
    const setting = entrypoint.length > 0 ? 'ENTRYPOINT' : 'CMD';
    return [...programFindings(facts.entrypoint, setting, architecture), ...interpreterFileFindings(facts.entrypoint)];
  },
});

function programFindings({ program }: EntrypointFacts, setting: 'ENTRYPOINT' | 'CMD', architecture: string): RawFinding[] {
  if (!program)
    return [{ message: 'neither ENTRYPOINT nor CMD is set: the container has nothing to run', setting: 'ENTRYPOINT', hint: 'set ENTRYPOINT ["/path/to/app"]' }];
  const { command } = program;
  if (program.kind === 'missing' || program.path === undefined) {
    const how = command.includes('/') ? 'does not exist in the image' : 'is not in any PATH directory of the image';
    return [
      {
        message: `${command} ${how}`,
        setting,
        // An absolute path is where it is missing from; a name or a relative path has no one place.
        ...(command.startsWith('/') ? { path: posix.normalize(command) } : {}),
        hint: 'COPY the program into the image, or point ENTRYPOINT at its absolute path',
      },
    ];
  }
  const path = program.path;
  const at = { setting, path, layer: program.layer } as const;
  const type = program.type;
  if (type !== undefined && type !== 'file' && type !== 'hardlink') {
    return [{ ...at, message: `${path} is ${NODE_TYPES[type] ?? type}, not a program`, hint: 'point ENTRYPOINT at the program file' }];
  }
  const findings: RawFinding[] = [];
  if (!program.executable)
    findings.push({
      ...at,
      message: `${path} is not executable (mode ${(program.mode ?? 0).toString(8).padStart(4, '0')}, no x bit)`,
      hint: 'COPY --chmod=0755 or chmod +x it in the build stage',
    });
  if (program.kind === 'other' && program.executable)
    findings.push({
      ...at,
      message: `${path} is neither an ELF binary nor a script with a #! line: starting it fails with "exec format error"`,
      hint: 'point ENTRYPOINT at the binary, or start the script with a #! line naming its interpreter',
    });
  const elf = program.elf;
  if (elf) {
    if (elf.machineName !== architecture)
      findings.push({
        ...at,
        message: `${path} is built for ${elf.machineName} but the image is ${architecture}`,
        hint: `build the program for ${architecture} (GOARCH, --platform, or a cross compiler)`,
      });
    const libraries = program.libraries;
    if (libraries?.interpreter && !libraries.interpreter.found) {
      findings.push({
        ...at,
        message: `${path} needs the dynamic loader ${libraries.interpreter.path}, which is not in the image`,
        hint: 'link the program statically (CGO_ENABLED=0, -static) or use a base with libc such as gcr.io/distroless/base-debian12',
      });
    }
    const missing = libraries?.libraries.filter((lib) => !lib.path) ?? [];
    if (missing.length > 0) {
      const list = missing.map((lib) => (lib.neededBy === path ? lib.name : `${lib.name} (for ${lib.neededBy})`)).join(', ');
      findings.push({
        ...at,
        message: `${path} needs ${list}, not found in the image`,
        hint: 'copy the libraries along, link statically, or use gcr.io/distroless/base-debian12 or cc-debian12',
      });
    }
  }
  const interpreter = program.kind === 'script' ? program.interpreter : undefined;
  if (interpreter && !interpreter.path) {
    findings.push({
      ...at,
      message: `${path} is a script for ${interpreter.command}, which is not in the image`,
      hint: 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it',
    });
  } else if (interpreter?.envCommand && !interpreter.envCommand.path) {
    findings.push({
      ...at,
      message: `${path} is a script for ${interpreter.envCommand.command} (through ${interpreter.command}), which is not in any PATH directory of the image`,
      hint: 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it',
    });
  }
  return findings;
}

/** The script, jar or class path an interpreter in argv[0] is to run, when the image does not have it. */
function interpreterFileFindings({ interpreterFile: file, entrypoint, argv }: EntrypointFacts): RawFinding[] {
  if (!file || file.found) return [];
  // The setting that holds the argument: with an Entrypoint, Cmd gives only its arguments.
  const setting = file.index < entrypoint.length ? 'ENTRYPOINT' : 'CMD';
  const interpreter = argv[0];
  const [path] = file.paths;
  const where = file.argument === path ? path : `${file.argument} (${path} from WORKDIR)`;
  if (file.role === 'classpath') {
    return [
      {
        message: `${interpreter} is to load ${file.mainClass ?? 'its main class'} from the class path ${file.argument}, none of whose entries is in the image`,
        setting,
        hint: 'COPY the jars or classes into the image, or fix the -cp entries (relative ones start at WORKDIR)',
      },
    ];
  }
  const what = file.role === 'jar' ? 'the jar' : file.language === 'java' ? 'the source file' : 'the script';
  return [
    {
      message: `${interpreter} is to run ${what} ${where}, which does not exist in the image: the container fails at start`,
      setting,
      path,
      hint: `COPY ${what} into the image, or fix its path in ${setting} (a relative path starts at WORKDIR)`,
    },
  ];
}

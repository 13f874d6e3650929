import { normalizePlatform } from '../image/platform.ts';
import type { RawFinding, Rule } from './rule.ts';

export const entrypointRunnable: Rule<'entrypoint-runnable'> = {
  id: 'entrypoint-runnable',
  title: 'The entry point can start',
  needsFiles: true,
  check: ({ facts, architecture }) => {
    const { argv, program, entrypoint } = facts.entrypoint;
    const setting = entrypoint.length > 0 ? 'ENTRYPOINT' : 'CMD';
    if (!program)
      return [
        { message: 'neither ENTRYPOINT nor CMD is set: the container has nothing to run', setting: 'ENTRYPOINT', hint: 'set ENTRYPOINT ["/path/to/app"]' },
      ];
    const at = { setting, path: program.path, layer: program.layer } as const;
    if (program.kind === 'missing') {
      const how = program.command.includes('/') ? 'does not exist in the image' : 'is not in any PATH directory of the image';
      return [
        { ...at, message: `${argv[0]} ${how}`, path: program.command, hint: 'COPY the program into the image, or point ENTRYPOINT at its absolute path' },
      ];
    }
    if (program.kind === 'other' && !program.executable) return [{ ...at, message: `${program.path} is not a regular executable file` }];
    const findings: RawFinding[] = [];
    if (!program.executable)
      findings.push({
        ...at,
        message: `${program.path} is not executable (no x bit in its mode)`,
        hint: 'COPY --chmod=0755 or chmod +x it in the build stage',
      });
    const elf = program.elf;
    if (elf) {
      const expected = normalizePlatform({ os: 'linux', architecture }).architecture;
      if (elf.machineName !== expected)
        findings.push({
          ...at,
          message: `${program.path} is built for ${elf.machineName} but the image is ${expected}`,
          hint: `build the program for ${expected}`,
        });
      const libraries = program.libraries;
      if (libraries?.interpreter && !libraries.interpreter.found) {
        findings.push({
          ...at,
          message: `${program.path} needs the dynamic loader ${libraries.interpreter.path}, which is not in the image`,
          hint: 'link the program statically (CGO_ENABLED=0, -static) or use a base with libc such as gcr.io/distroless/base-debian12',
        });
      }
      const missing = libraries?.libraries.filter((lib) => !lib.path) ?? [];
      if (missing.length > 0) {
        const list = missing.map((lib) => (lib.neededBy === program.path ? lib.name : `${lib.name} (for ${lib.neededBy})`)).join(', ');
        findings.push({
          ...at,
          message: `${program.path} needs ${list}, not found in the image`,
          hint: 'copy the libraries along, link statically, or use gcr.io/distroless/base-debian12 or cc-debian12',
        });
      }
    }
    if (program.kind === 'script' && program.interpreter && !program.interpreter.path) {
      findings.push({
        ...at,
        message: `${program.path} is a script for ${program.interpreter.command}, which is not in the image`,
        hint: 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it',
      });
    }
    return findings;
  },
};

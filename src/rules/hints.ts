import { posix } from 'node:path';
import type { ImageFacts } from '../facts/index.ts';

/** A concrete distroless base for the runtime the entry point shows, and the multi-stage pattern. */
export function distrolessHint(facts: ImageFacts): string {
  const base = distrolessBaseFor(facts);
  return `build in a full image and COPY only the app into a final stage FROM ${base} (multi-stage build); it has no shell or package manager`;
}

export function distrolessBaseFor(facts: ImageFacts): string {
  const program = facts.entrypoint.program;
  const interpreter = program?.interpreter;
  const names = [program?.path, program?.command, interpreter?.envCommand?.command, interpreter?.command].map((name) => posix.basename(name ?? ''));
  const runtime = names.find((name) => /^(node|nodejs|python[0-9.]*|java|dotnet)$/.test(name)) ?? '';
  if (runtime.startsWith('node')) return 'gcr.io/distroless/nodejs22-debian12';
  if (runtime.startsWith('python')) return 'gcr.io/distroless/python3-debian12';
  if (runtime === 'java') return 'gcr.io/distroless/java21-debian12';
  if (runtime === 'dotnet') return 'mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled';
  if (program?.kind === 'elf' && program.elf) {
    if (!program.elf.interpreter) return 'gcr.io/distroless/static-debian12';
    const needsCxx = program.elf.needed.some((lib) => /^libstdc\+\+|^libgcc_s/.test(lib));
    return needsCxx ? 'gcr.io/distroless/cc-debian12' : 'gcr.io/distroless/base-debian12';
  }
  return 'gcr.io/distroless/static-debian12 (or the distroless image for your runtime)';
}

// Which distroless base: the smallest of the family whose libraries the program needs, or the
// runtime image for java, python3 and node; the Debian release of the source where it exists.
import { posix } from 'node:path';
import type { OsFacts } from '../facts/os.ts';
import { BASES, type BaseName, DEBIAN_RELEASES, DEFAULT_RELEASE, type DebianSuffix, type DistrolessBase, GLIBC, type RuntimeKind, baseNamed } from './bases.ts';
import type { ResolvedEntry } from './entry.ts';

export interface ChosenBase {
  base: DistrolessBase;
  release: DebianSuffix;
  reason: string;
  notes: string[];
}

const TIERS: { name: BaseName; names: ReadonlySet<string> }[] = [
  { name: 'base-nossl', names: new Set(GLIBC) },
  { name: 'base', names: new Set(['libssl.so.3', 'libcrypto.so.3']) },
  { name: 'cc', names: new Set(['libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1']) },
];

/** The release to match: bookworm → debian12, trixie → debian13; anything else → debian12, said so. */
export function releaseOf(os: OsFacts | undefined, notes: string[]): DebianSuffix {
  const major = os?.versionId?.split('.')[0];
  if (os?.id === 'debian' && major !== undefined && DEBIAN_RELEASES[major]) return DEBIAN_RELEASES[major];
  const what = os ? `${os.prettyName ?? os.id ?? 'an unknown OS'} (${os.source})` : 'no os-release file';
  notes.push(
    `the source image has ${what}, not Debian 12 or 13: the plan uses -${DEFAULT_RELEASE}; libraries copied from it may need a newer glibc than that base has`,
  );
  return DEFAULT_RELEASE;
}

function runtimeBase(kind: RuntimeKind, entry: ResolvedEntry, env: Map<string, string>, notes: string[]): DistrolessBase {
  if (kind === 'python') {
    const version = /python(3\.\d+)/.exec(posix.basename(entry.program.path))?.[1] ?? env.get('PYTHON_VERSION')?.split('.').slice(0, 2).join('.');
    if (version !== undefined && version !== '3.13')
      notes.push(`the source runs Python ${version}; python3-debian13 has 3.13: compiled modules and site-packages built for ${version} may not load`);
    return baseNamed('python3');
  }
  const pick = (versions: readonly string[], found: string | undefined, fallback: string, what: string): string => {
    if (found !== undefined && versions.includes(found)) return found;
    const higher = versions.find((version) => found !== undefined && Number(version) > Number(found));
    const chosen = higher ?? fallback;
    notes.push(`${what} ${found ?? '(version unknown)'} has no distroless image: the plan uses ${chosen}; test the app on it`);
    return chosen;
  };
  if (kind === 'java') {
    const text = `${env.get('JAVA_VERSION') ?? ''} ${entry.program.path} ${env.get('JAVA_HOME') ?? ''}`;
    const found = /(?:jdk-?|jre-?|java-|openjdk-?|temurin-|^)(\d{1,2})(?:[.u+-]|\b)/.exec(text.trim())?.[1];
    return baseNamed(`java${pick(['17', '21', '25'], found, '21', 'Java')}` as BaseName);
  }
  const found = env.get('NODE_VERSION')?.split('.')[0];
  return baseNamed(`nodejs${pick(['22', '24', '26'], found, '24', 'Node.js')}` as BaseName);
}

/**
 * The base for a program: a runtime's image for java/python3/node; else the first of static,
 * base-nossl, base, cc that has every library of the family the closure names (libraries outside
 * the family are copied whatever the base). A static program (no PT_INTERP, no PT_DYNAMIC) gets static.
 */
export function chooseBase(entry: ResolvedEntry, os: OsFacts | undefined, env: Map<string, string>): ChosenBase {
  const notes: string[] = [];
  if (entry.runtime) {
    const base = runtimeBase(entry.runtime.kind, entry, env, notes);
    const release = 'debian13';
    const sourceRelease = releaseOf(os, []);
    if (sourceRelease !== release) notes.push(`${base.name} exists for debian13 only: the source's Debian release is not kept`);
    return { base, release, reason: `the entry point runs ${entry.runtime.kind}, which ${base.name} provides (${base.provides})`, notes };
  }
  const release = releaseOf(os, notes);
  const elf = entry.program.elf;
  if (!elf?.interpreter && !elf?.dynamic) {
    return { base: baseNamed('static'), release, reason: `${entry.program.path} is statically linked (no program interpreter)`, notes };
  }
  const names = new Set<string>([...(entry.program.libraries?.libraries ?? []).map((library) => library.name)]);
  if (elf.interpreter) names.add(posix.basename(elf.interpreter));
  let tier = 0;
  const why: string[] = [];
  TIERS.forEach(({ names: tierNames }, index) => {
    const needed = [...names].filter((name) => tierNames.has(name));
    if (needed.length > 0) {
      tier = index + 1;
      why.push(needed.join(', '));
    }
  });
  if (tier === 0) {
    return {
      base: baseNamed('static'),
      release,
      reason: `${entry.program.path} needs no glibc library (its loader ${elf.interpreter ?? 'none'} and libraries are copied)`,
      notes,
    };
  }
  const base = BASES.find((candidate) => candidate.name === TIERS[tier - 1].name) as DistrolessBase;
  return { base, release, reason: `${entry.program.path} needs ${why.join('; ')}: ${base.name} has ${base.provides}`, notes };
}

import { UserError } from '../errors.ts';
import type { Platform } from './types.ts';

const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  i386: '386',
  i686: '386',
};

/** Normalises a platform as containerd does: `x86_64`→`amd64`, `aarch64`→`arm64`, bare `arm` is `v7`. */
export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase();
  let architecture = platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase() || undefined;
  architecture = ARCH_ALIASES[architecture] ?? architecture;
  if (platform.architecture.toLowerCase() === 'armel') variant ??= 'v6';
  if (architecture === 'arm') variant ??= 'v7';
  if (architecture === 'arm64' && variant === 'v8') variant = undefined;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** `linux/amd64`, `linux/arm/v7`, `arm64` (os defaults to linux). */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.some((part) => part === '') || parts.length > 3) {
    throw new UserError(`"${text}" is not a platform; expected OS/ARCH[/VARIANT] such as linux/amd64`);
  }
  if (parts.length === 1) return normalizePlatform({ os: 'linux', architecture: parts[0] });
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

export function formatPlatform(platform: Platform): string {
  const p = normalizePlatform(platform);
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

export function platformMatches(wanted: Platform, have: Platform): boolean {
  return formatPlatform(wanted) === formatPlatform(have);
}

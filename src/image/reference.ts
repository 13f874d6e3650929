import { existsSync } from 'node:fs';
import { UserError } from '../errors.ts';

/** An image reference in skopeo's transport syntax, parsed. */
export type ImageReference =
  | { transport: 'docker-daemon'; name: string }
  | { transport: 'docker-archive' | 'oci-archive' | 'oci'; path: string; ref?: string }
  | { transport: 'docker'; registry: string; repository: string; tag?: string; digest?: string };

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** What the user typed, as an error message shows it: on one line, control characters escaped as in JSON. */
function shown(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

/**
 * Parses `docker-daemon:NAME`, `docker-archive:PATH`, `oci-archive:PATH`, `oci:DIR[:REF]`,
 * `docker://REF`; a bare reference is a path when it exists, else an image in the engine.
 */
export function parseReference(text: string, exists: (path: string) => boolean = existsSync): ImageReference {
  const value = text.trim();
  if (value === '') throw new UserError('empty image reference');
  if (value.startsWith('docker://')) return parseRegistryReference(value.slice('docker://'.length), value);
  const colon = value.indexOf(':');
  const transport = colon > 0 ? value.slice(0, colon) : '';
  const rest = value.slice(colon + 1);
  switch (transport) {
    case 'docker-daemon':
      if (rest === '') throw new UserError(`${value}: docker-daemon: needs an image name`);
      return { transport: 'docker-daemon', name: rest };
    case 'docker-archive':
    case 'oci-archive':
    case 'oci': {
      if (rest === '') throw new UserError(`${value}: ${transport}: needs a path`);
      return { transport, ...splitPathAndRef(rest, exists) };
    }
    default:
      if (exists(value)) return { transport: 'docker-archive', path: value };
      return { transport: 'docker-daemon', name: value };
  }
}

/**
 * PATH[:REF]. REF may hold colons itself (`app.tar:app:2`), and so may a path: the path is the
 * whole text when that exists, else the shortest prefix before a colon that exists, else (as
 * skopeo splits it) the text before the first colon.
 */
function splitPathAndRef(text: string, exists: (path: string) => boolean): { path: string; ref?: string } {
  if (exists(text)) return { path: text };
  const colons: number[] = [];
  for (let at = text.indexOf(':'); at > 0; at = text.indexOf(':', at + 1)) colons.push(at);
  const split = colons.find((at) => exists(text.slice(0, at))) ?? colons[0];
  if (split === undefined) return { path: text };
  const ref = text.slice(split + 1);
  return ref === '' ? { path: text.slice(0, split) } : { path: text.slice(0, split), ref };
}

/** `registry/name[:tag][@digest]`, with Docker Hub's defaults (docker.io, library/, latest). */
export function parseRegistryReference(text: string, original = text): ImageReference & { transport: 'docker' } {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new UserError(`${shown(original)}: the digest must be sha256: followed by 64 hex digits`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const tagColon = rest.lastIndexOf(':');
  if (tagColon > lastSlash) {
    tag = rest.slice(tagColon + 1);
    rest = rest.slice(0, tagColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new UserError(`${shown(original)}: "${shown(tag)}" is not a valid tag`);
  }
  const first = rest.split('/')[0];
  let registry = 'docker.io';
  let repository = rest;
  if (rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    repository = rest.slice(first.length + 1);
  }
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (!/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(repository)) {
    throw new UserError(`${shown(original)}: "${shown(repository)}" is not a valid repository name (lowercase letters, digits, . _ - and /)`);
  }
  if (!tag && !digest) tag = 'latest';
  return { transport: 'docker', registry, repository, tag, digest };
}

/** The reference without tag or digest: the image's default display name and comment key. */
export function defaultImageName(reference: ImageReference): string {
  switch (reference.transport) {
    case 'docker-daemon':
      return stripTagAndDigest(reference.name);
    case 'docker':
      return `${reference.registry === 'docker.io' ? '' : reference.registry + '/'}${reference.repository.replace(/^library\//, '')}`;
    default:
      return reference.path;
  }
}

function stripTagAndDigest(name: string): string {
  const withoutDigest = name.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

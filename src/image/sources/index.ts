import { UserError } from '../../errors.ts';
import type { ImageReference } from '../reference.ts';
import { LocalSource } from './archive.ts';
import { DockerDaemonSource } from './docker-daemon.ts';
import { RegistrySource, type RegistryOptions } from './registry.ts';
import type { ImageSource } from './source.ts';

/** The source that reads a parsed reference. */
export function openSource(reference: ImageReference, text: string, registry: RegistryOptions): ImageSource {
  switch (reference.transport) {
    case 'docker-daemon':
      return new DockerDaemonSource(reference.name, text);
    case 'docker-archive':
    case 'oci-archive':
      return new LocalSource(reference.path, 'archive', text, reference.ref);
    case 'oci':
      return new LocalSource(reference.path, 'directory', text, reference.ref);
    case 'docker':
      return new RegistrySource(reference, text, registry);
    default:
      throw new UserError(`${text}: unsupported transport`);
  }
}

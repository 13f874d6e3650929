import type { PathNode, RequiredPath, RequiredPathState } from '../facts/required-paths.ts';
import type { EntryType } from '../image/types.ts';
import { type RawFinding, defineRule } from './rule.ts';

const TYPE_WORDS: Record<EntryType, string> = {
  file: 'a file',
  hardlink: 'a file',
  dir: 'a directory',
  symlink: 'a symlink',
  char: 'a character device',
  block: 'a block device',
  fifo: 'a named pipe',
};

const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

function owner(uid: number, gid?: number): string {
  return gid === undefined ? `uid ${uid}` : `${uid}:${gid}`;
}

/** The type the policy asked for, where the node's differs. */
function typeMismatch(required: RequiredPath, node: PathNode): string | undefined {
  const { type } = required;
  if (type === undefined) return undefined;
  const matches = type === 'file' ? node.type === 'file' || node.type === 'hardlink' : node.type === type;
  return matches ? undefined : `${TYPE_WORDS[type]} was expected`;
}

/** What is wrong at one required path: one finding per aspect (missing, type, mode, owner). */
function problems({ required, node, resolved }: RequiredPathState): RawFinding[] {
  const { path } = required;
  // Symlinks are followed unless the path itself must be one.
  const found = required.type === 'symlink' ? node : resolved;
  if (!found) {
    const dangling = node?.type === 'symlink' ? ` (a symlink to ${node.target ?? '?'}, which leads nowhere)` : '';
    return [{ message: `required path ${path} is missing${dangling}`, path, ...(node ? { layer: node.layer } : {}), hint: 'COPY it into the final stage' }];
  }
  const at = `${path}${found.path === path ? '' : ` (-> ${found.path})`}`;
  const finding = (message: string, hint: string): RawFinding => ({ message, path, layer: found.layer, hint });
  const findings: RawFinding[] = [];
  const wrongType = typeMismatch(required, found);
  if (wrongType) findings.push(finding(`${at} is ${TYPE_WORDS[found.type]}; ${wrongType}`, 'COPY the right thing to that path in the final stage'));
  if (required.mode !== undefined && found.mode !== required.mode) {
    findings.push(
      finding(
        `${at} has mode ${octal(found.mode)}; ${octal(required.mode)} was expected`,
        `COPY --chmod=${octal(required.mode)}, or chmod it in the build stage`,
      ),
    );
  }
  if (required.uid !== undefined && (found.uid !== required.uid || (required.gid !== undefined && found.gid !== required.gid))) {
    const expected = owner(required.uid, required.gid);
    const actual = required.gid === undefined ? owner(found.uid) : owner(found.uid, found.gid);
    findings.push(
      finding(`${at} is owned by ${actual}; ${expected} was expected`, `COPY --chown=${expected.replace('uid ', '')}, or chown it in the build stage`),
    );
  }
  return findings;
}

export const requiredPaths = defineRule({
  id: 'required-paths',
  title: 'Required paths present, with the type, mode and owner given',
  anchor: 'required-paths',
  levels: { recommended: 'off', strict: 'off' },
  options: { paths: { kind: 'requiredPaths', default: [] } },
  needsFiles: true,
  missingOption: ({ paths }) => (paths.length === 0 ? 'paths; list the paths that must exist' : undefined),
  // Each path is two lookups: only when the rule runs.
  factOptions: ({ level, options }) => (level === 'off' || options.paths.length === 0 ? {} : { requiredPaths: options.paths }),
  check: ({ facts }) => (facts.requiredPaths ?? []).flatMap(problems),
});

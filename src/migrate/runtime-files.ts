// A runtime base (java, python3, nodejs) brings its own runtime: the source's installation of it
// is not the app's, though its layers added it above the OS base.
import { posix } from 'node:path';
import type { FileTree } from './app-files.ts';
import type { ResolvedEntry } from './entry.ts';

export interface RuntimeFiles {
  /** Trees left out of the app's files. */
  trees: string[];
  /** ENV lines the result needs to find what is kept (site-packages). */
  env: [string, string][];
  /** ENV names that describe the source's runtime, which the result does not have. */
  dropEnv: string[];
  notes: string[];
}

/** The children of `dir` but `keep`, as absolute paths. */
function allBut(tree: FileTree, dir: string, keep: string): string[] {
  return tree
    .list(dir)
    .filter((name) => name !== keep)
    .map((name) => posix.join(dir, name));
}

export function runtimeTrees(tree: FileTree, entry: ResolvedEntry, env: Map<string, string>): RuntimeFiles {
  const program = entry.program.path;
  const kind = entry.runtime?.kind;
  const files: RuntimeFiles = { trees: [], env: [], dropEnv: [], notes: [] };
  if (kind === 'java') {
    // JAVA_HOME, else the directory above the real java's bin/.
    const home = env.get('JAVA_HOME') || posix.dirname(posix.dirname(tree.resolve(program)?.path ?? program));
    files.trees.push(home, '/usr/bin/java', '/etc/alternatives');
    files.dropEnv.push('JAVA_HOME', 'JAVA_VERSION');
    files.notes.push(`the JRE at ${home} is left out: the base has its own`);
  } else if (kind === 'python') {
    const interpreter = entry.program.elf
      ? program
      : (tree.resolve(entry.program.interpreter?.envCommand?.path ?? entry.program.interpreter?.path ?? '')?.path ?? '');
    const prefix = interpreter.startsWith('/usr/local/') ? '/usr/local' : undefined;
    const version = /python(3\.\d+)/.exec(posix.basename(interpreter))?.[1];
    if (prefix && version) {
      const lib = `${prefix}/lib/python${version}`;
      const site = `${lib}/site-packages`;
      files.trees.push(
        ...allBut(tree, lib, 'site-packages'),
        `${prefix}/include`,
        ...tree
          .list(`${prefix}/bin`)
          .filter((name) => /^(python|pip|idle|pydoc|2to3)/.test(name))
          .map((name) => `${prefix}/bin/${name}`),
      );
      files.trees.push(
        ...tree
          .list(`${prefix}/lib`)
          .filter((name) => name.startsWith('libpython'))
          .map((name) => `${prefix}/lib/${name}`),
      );
      if (tree.list(site).length > 0) {
        files.env.push(['PYTHONPATH', site]);
        files.notes.push(`${site} is kept and put on PYTHONPATH: packages built for Python ${version} may not load in 3.13`);
      }
    }
    files.dropEnv.push(
      'PYTHON_VERSION',
      'PYTHON_SHA256',
      'GPG_KEY',
      'PYTHON_PIP_VERSION',
      'PYTHON_SETUPTOOLS_VERSION',
      'PYTHON_GET_PIP_URL',
      'PYTHON_GET_PIP_SHA256',
    );
    files.notes.push(`the Python at ${interpreter || 'the source'} is left out: the base has its own`);
  } else if (kind === 'node') {
    files.trees.push(
      '/usr/local/bin/node',
      '/usr/local/include/node',
      '/usr/local/lib/node_modules/npm',
      '/usr/local/lib/node_modules/corepack',
      ...['npm', 'npx', 'corepack', 'yarn', 'yarnpkg'].map((name) => `/usr/local/bin/${name}`),
      ...tree
        .list('/opt')
        .filter((name) => name.startsWith('yarn'))
        .map((name) => `/opt/${name}`),
    );
    if (!program.startsWith('/usr/local/')) files.trees.push(program);
    files.dropEnv.push('NODE_VERSION', 'YARN_VERSION');
    files.notes.push("the source's Node.js, npm and yarn are left out: the base has its own node");
  }
  return files;
}

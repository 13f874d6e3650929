import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../..');

/** One module specifier a file names, and how. */
export interface ImportSite {
  specifier: string;
  /** `import('…')` (an expression or a type): ESLint's import rules do not see these. */
  dynamic: boolean;
}

/**
 * Every module a file names: import and export-from declarations (`import type` included),
 * `import x = require(…)`, and `import('…')` with a string literal, as an expression or a type.
 */
export function importSites(path: string, text = readFileSync(path, 'utf8')): ImportSite[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const sites: ImportSite[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      sites.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      sites.push({ specifier: node.moduleReference.expression.text, dynamic: false });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      sites.push({ specifier: node.arguments[0].text, dynamic: true });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      sites.push({ specifier: node.argument.literal.text, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

/** The TypeScript files under `dir`, as paths from the repository root (`src/image/tar.ts`). */
export function sourceFiles(dir = 'src'): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => posix.join(dir, file.split('\\').join('/')))
    .sort();
}

/** Which files of `files` each one imports (relative specifiers only: packages are not ours). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importSites(join(ROOT, file))
      .filter(({ specifier }) => specifier.startsWith('./') || specifier.startsWith('../'))
      .map(({ specifier }) =>
        relative(ROOT, resolve(ROOT, dirname(file), specifier))
          .split('\\')
          .join('/'),
      )
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * The import cycles of a graph: for each group of files that import each other (a strongly
 * connected component), the shortest cycle through each of its files, each cycle once.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  for (const component of components(graph)) {
    const inside = new Set(component);
    for (const start of component) {
      const cycle = shortestCycle(graph, start, inside);
      if (!cycle) continue;
      // The same cycle found from each of its files: keyed by its rotation that starts at its least file.
      const least = cycle.indexOf([...cycle].sort()[0]);
      const rotated = [...cycle.slice(least), ...cycle.slice(0, least)];
      cycles.set(rotated.join(' '), [...rotated, rotated[0]]);
    }
  }
  return [...cycles.values()];
}

/** Tarjan's strongly connected components that hold a cycle (more than one file, or a file importing itself). */
function components(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return found;
}

/** The shortest path from `start` back to itself through files of `inside` (breadth first). */
function shortestCycle(graph: ReadonlyMap<string, readonly string[]>, start: string, inside: ReadonlySet<string>): string[] | undefined {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const file = queue[at];
    for (const target of graph.get(file) ?? []) {
      if (!inside.has(target)) continue;
      if (target === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0])!);
        return path;
      }
      if (cameFrom.has(target)) continue;
      cameFrom.set(target, file);
      queue.push(target);
    }
  }
  return undefined;
}

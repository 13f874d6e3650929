import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, importSites, sourceFiles } from './import-graph.ts';

describe('imports in src/', () => {
  it('form no cycle, file by file (type imports and import() included)', () => {
    const graph = importGraph(sourceFiles());
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('src/facts/executable-capture.ts')).toContain('src/image/range-plan.ts');
    const cycles = importCycles(graph).map((cycle) => cycle.join(' -> '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('reads every way a file names a module', () => {
    const code = [
      "import a from './a.ts';",
      "import type { B } from '../b.ts';",
      "import { type C, d } from 'package';",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "import g = require('./g.ts');",
      "type H = import('./h.ts').H;",
      "const i = await import('./i.ts');",
      'const j = await import(name);',
      "// import './k.ts';",
    ].join('\n');
    expect(importSites('x.ts', code)).toStrictEqual([
      { specifier: './a.ts', dynamic: false },
      { specifier: '../b.ts', dynamic: false },
      { specifier: 'package', dynamic: false },
      { specifier: './e.ts', dynamic: false },
      { specifier: './f.ts', dynamic: false },
      { specifier: './g.ts', dynamic: false },
      { specifier: './h.ts', dynamic: true },
      { specifier: './i.ts', dynamic: true },
    ]);
  });

  it('finds each cycle once, through every file of a knot, shortest first', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', ['b']],
      ['e', ['e']],
      ['f', ['a']],
    ]);
    expect(importCycles(graph)).toStrictEqual([
      ['a', 'b', 'c', 'a'],
      ['b', 'd', 'b'],
      ['e', 'e'],
    ]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toStrictEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { compareWithBaseline, markNew } from '../../src/engine/baseline.ts';
import type { SizeFacts } from '../../src/facts/sizes.ts';
import { makeFacts, makeFinding, makeLayer } from '../support/report-factory.ts';

const MIB = 1024 * 1024;

function sizes(layers: SizeFacts['layers'], directories: SizeFacts['directories']): SizeFacts {
  return {
    compressed: layers.reduce((sum, layer) => sum + (layer.compressed ?? 0), 0),
    uncompressed: layers.reduce((sum, layer) => sum + layer.uncompressed, 0),
    hidden: 0,
    layers,
    directories,
  };
}

describe('comparing with a baseline', () => {
  const now = makeFacts({ sizes: sizes([makeLayer(0, 2 * MIB), makeLayer(1, 3 * MIB)], [{ path: '/app', size: 3 * MIB }]) });

  it('gives compressed and uncompressed deltas, layer changes and directory growth when both sides were read', () => {
    const before = sizes([makeLayer(0, 2 * MIB), makeLayer(2, 1 * MIB)], [{ path: '/app', size: 1 * MIB }]);
    const comparison = compareWithBaseline(now, [], { reference: 'report:main.json', sizes: before, filesRead: true });
    expect(comparison.compressed).toEqual({ before: 1.5 * MIB, after: 2.5 * MIB, delta: MIB, percent: (MIB / (1.5 * MIB)) * 100 });
    expect(comparison.uncompressed).toEqual({ before: 3 * MIB, after: 5 * MIB, delta: 2 * MIB, percent: (2 / 3) * 100 });
    expect(comparison.layers.shared).toBe(1);
    expect(comparison.layers.added.map((layer) => layer.index)).toEqual([1]);
    expect(comparison.layers.removed.map((layer) => layer.index)).toEqual([2]);
    expect(comparison.directories).toEqual([{ path: '/app', before: MIB, after: 3 * MIB, delta: 2 * MIB }]);
  });

  it('leaves out uncompressed sizes and directories of a size-only (docker://) baseline instead of calling them zero', () => {
    const before = sizes([makeLayer(0, 0, { compressed: MIB }), makeLayer(1, 0, { compressed: 1.5 * MIB })], []);
    const comparison = compareWithBaseline(now, [], { reference: 'docker://registry/app:main', sizes: before, filesRead: false });
    expect(comparison.uncompressed).toBeUndefined();
    expect(comparison.directories).toEqual([]);
    expect(comparison.compressed).toEqual({ before: 2.5 * MIB, after: 2.5 * MIB, delta: 0, percent: 0 });
    expect(comparison.layers.shared).toBe(2);
  });

  it('marks findings the baseline report did not have as new', () => {
    const findings = [makeFinding({ rule: 'no-shell', path: '/bin/sh' }), makeFinding({ rule: 'no-shell', path: '/bin/bash' })];
    compareWithBaseline(now, findings, {
      reference: 'report:main.json',
      sizes: now.sizes,
      filesRead: true,
      findings: [{ rule: 'no-shell', path: '/bin/sh', message: 'x' }],
    });
    expect(findings.map((finding) => finding.new)).toEqual([false, true]);
  });

  it('matches by subject, not by path as found or layer, when the baseline has subjects', () => {
    const findings = [makeFinding({ path: '/usr/bin/dash', subject: '/usr/bin/dash', layer: 3 }), makeFinding({ path: '/bin/bash', subject: '/usr/bin/bash' })];
    markNew(findings, [{ rule: 'no-shell', path: '/bin/sh', subject: '/usr/bin/dash', message: 'shell /bin/sh (-> /usr/bin/dash) is in the image' }]);
    expect(findings.map((finding) => finding.new)).toEqual([false, true]);
  });

  it('tells apart findings of one subject by what they say, then pairs what is left', () => {
    const size = (kind: string, mib: number) =>
      makeFinding({ rule: 'max-size', path: undefined, subject: 'FROM', message: `${kind} size ${mib} MiB exceeds the cap of 100 MiB` });
    const both = [size('uncompressed', 300), size('compressed', 120)];
    markNew(both, [{ rule: 'max-size', subject: 'FROM', message: 'compressed size 110 MiB exceeds the cap of 100 MiB' }]);
    expect(both.map((finding) => finding.new)).toEqual([true, false]);
    // The CMD text changed, the finding (CMD in shell form) did not.
    const cmd = [makeFinding({ rule: 'exec-form-entrypoint', path: undefined, subject: 'CMD', message: 'CMD is in shell form (node b.js)' })];
    markNew(cmd, [{ rule: 'exec-form-entrypoint', subject: 'CMD', message: 'CMD is in shell form (node a.js)' }]);
    expect(cmd[0].new).toBe(false);
  });

  it('does not know findings of a baseline whose files were not read, unless neither side was read', () => {
    const findings = [makeFinding({ subject: '/bin/sh' })];
    const sizeOnly = { reference: 'report:main.json', sizes: now.sizes, filesRead: false, findings: [] };
    expect(compareWithBaseline(now, findings, sizeOnly).findingsKnown).toBe(false);
    expect(findings[0].new).toBeUndefined();
    expect(compareWithBaseline({ ...now, filesRead: false }, findings, sizeOnly).findingsKnown).toBe(true);
  });
});

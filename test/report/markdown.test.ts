import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, type CommentOptions, renderImageComment, renderSummary, SUMMARY_LIMIT } from '../../src/report/markdown.ts';
import { RULE_IDS } from '../../src/policy/index.ts';
import { BoundedDocument, block, closeGroup, openGroup } from '../../src/report/markdown-document.ts';
import type { Finding } from '../../src/report/model.ts';
import { HOSTILE_TEXTS, hostileFindings, makeBaseline, makeFacts, makeFinding, makeImage, makeLayer, makeReport, MIB } from '../support/report-factory.ts';

const MARKER = '<!-- distroless-guard:image=app -->';
const OPTIONS: CommentOptions = {
  marker: MARKER,
  rulesDocUrl: (rule) => `https://docs.example/rules.md#${rule}`,
  dockerfileUrl: (location) => `https://github.com/o/r/blob/abc123/${location.file}#L${location.line}`,
  runUrl: 'https://github.com/o/r/actions/runs/42',
};

function lines(markdown: string): string[] {
  return markdown.split('\n');
}

/** Cells GFM sees in a table row: it splits on every `|` not escaped by a backslash, code spans included. */
function pipeCount(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i += 1;
    else if (line[i] === '|') count += 1;
  }
  return count;
}

/** Every table keeps the column count of its header. */
function expectTablesIntact(markdown: string): void {
  let header: number | undefined;
  for (const line of lines(markdown)) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    header ??= pipeCount(line);
    expect(pipeCount(line), line).toBe(header);
  }
}

/** Markdown outside code spans and code elements, where GitHub would act on text. */
function outsideCode(markdown: string): string {
  return markdown
    .replace(/```mermaid[\s\S]*?```/g, '')
    .replace(/\]\(https:[^)\s]*\)/g, '](URL)')
    .replace(/<code>.*?<\/code>/g, '')
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

function expectNothingInjected(markdown: string): void {
  const text = outsideCode(markdown);
  expect(text).not.toMatch(/@[A-Za-z0-9]/);
  expect(text).not.toMatch(/#[0-9]/);
  expect(text).not.toMatch(/<(?!\/?(?:details|summary|code|br)>|!-- distroless-guard:image=app -->)/);
  expect(text).not.toMatch(/(?<!\\)\]\(javascript:/i);
  expect(text).not.toMatch(/(?<!\\)\[(?:x|img)\\?\]\(/);
  expect(text).not.toContain('\r');
  expect(text).not.toContain('\u001b');
  expect(text).not.toMatch(/^(?:>(?! 💡| \[!NOTE\])|#{1,6} (?!❌|⚠️|✅|distroless|Findings|New in this|Layer|Directories)|- (?:item|#))/m);
}

describe('renderImageComment', () => {
  const findings: Finding[] = [
    makeFinding({ new: true, hint: 'use gcr.io/distroless/static', location: { file: 'app/Dockerfile', line: 3, endLine: 3, text: 'FROM debian' } }),
    makeFinding({ path: '/bin/bash', message: 'a shell is in the image: /bin/bash', hint: 'use gcr.io/distroless/static' }),
    makeFinding({ rule: 'max-layers', level: 'warning', message: '12 layers, over the cap of 10', path: undefined, layer: undefined }),
  ];
  const image = makeImage({ findings, baseline: makeBaseline() });
  const comment = renderImageComment(makeReport([image]), image, OPTIONS);

  it('starts with the marker, then the verdict', () => {
    expect(lines(comment).slice(0, 2)).toEqual([MARKER, '### ❌ distroless-guard: 2 errors, 1 warning in app']);
    expect(comment).toContain('\nPolicy `.github/distroless.yml` (fails on errors) · [workflow run](https://github.com/o/r/actions/runs/42)\n');
  });

  it('has a table of the image with sizes and the delta against the baseline', () => {
    expect(lines(comment)).toContain('| ❌ app | linux/amd64 | 2.5 MiB | 5 MiB | +512 KiB (+25.0%) | 2 | 2 | 1 |');
    expect(comment).toContain(
      'compared with `report:baseline/distroless-report.json`: compressed +512 KiB (+25.0%), uncompressed +1 MiB (+25.0%); layers 1 shared, 1 added, 1 removed',
    );
  });

  it('puts what the pull request adds first, by rule, and folds away what the base branch already has', () => {
    const all = lines(comment);
    const fresh = all.indexOf('#### New in this pull request');
    const newShell = all.indexOf('**❌ [`no-shell`](https://docs.example/rules.md#no-shell)** · error · 1 finding');
    const folded = all.indexOf('<details><summary>Already on the base branch: 2 findings</summary>');
    const oldShell = all.lastIndexOf('**❌ [`no-shell`](https://docs.example/rules.md#no-shell)** · error · 1 finding');
    const layers = all.indexOf('**⚠️ [`max-layers`](https://docs.example/rules.md#max-layers)** · warning · 1 finding');
    expect(fresh).toBeGreaterThan(0);
    expect(newShell).toBeGreaterThan(fresh);
    expect(folded).toBeGreaterThan(newShell);
    expect(oldShell).toBeGreaterThan(folded);
    expect(layers).toBeGreaterThan(oldShell);
    expect(all.indexOf('</details>', layers)).toBeGreaterThan(layers);
    expect(all.filter((line) => line.includes('use gcr.io/distroless/static'))).toEqual([
      '> 💡 use gcr.io/distroless/static',
      '> 💡 use gcr.io/distroless/static',
    ]);
    expect(all.slice(fresh, folded)).toContain(
      '- a shell is in the image: /bin/sh · `/bin/sh` · [app/Dockerfile:3](https://github.com/o/r/blob/abc123/app/Dockerfile#L3)',
    );
    expect(all.slice(folded)).toContain('- a shell is in the image: /bin/bash · `/bin/bash` · layer 0');
    expect(all.slice(folded)).toContain('- 12 layers, over the cap of 10');
    expect(comment).not.toContain('#### Findings');
  });

  it('says so when nothing is new, and keeps the folded list', () => {
    const old = makeImage({ findings: [makeFinding({ new: false })], baseline: makeBaseline() });
    const text = renderImageComment(makeReport([old]), old, OPTIONS);
    expect(lines(text)).toContain('No new findings: every finding is already on the base branch.');
    expect(lines(text)).toContain('<details><summary>Already on the base branch: 1 finding</summary>');
  });

  it('says how many findings of the base branch are gone, even when none is left', () => {
    const fixedSome = makeImage({ findings: [makeFinding({ new: false })], baseline: makeBaseline({ fixed: 2 }) });
    expect(lines(renderImageComment(makeReport([fixedSome]), fixedSome, OPTIONS))).toContain('✅ 2 findings of the base branch are gone.');
    const clean = makeImage({ baseline: makeBaseline({ fixed: 1 }) });
    const text = lines(renderImageComment(makeReport([clean]), clean, OPTIONS));
    expect(text).toContain('✅ 1 finding of the base branch is gone.');
    expect(text).toContain('No findings left.');
    expect(text).not.toContain('No new findings: every finding is already on the base branch.');
  });

  it('lists findings by rule, without the split, when no baseline findings are known', () => {
    const plain = makeImage({ findings });
    const all = lines(renderImageComment(makeReport([plain]), plain, OPTIONS));
    expect(all).toContain('#### Findings');
    expect(all).toContain('**❌ [`no-shell`](https://docs.example/rules.md#no-shell)** · error · 2 findings');
    expect(all.join('\n')).not.toContain('Already on the base branch');
  });

  it('lists the layers and directories that changed', () => {
    expect(lines(comment)).toContain('| ➕ added | 1 | 3 MiB | `COPY server /app/server # buildkit` |');
    expect(lines(comment)).toContain('| ➖ removed | 1 | 2 MiB | `sha256:ffffffffffff` |');
    expect(lines(comment)).toContain('| `/app` | 2 MiB | 3 MiB | +1 MiB |');
    expect(lines(comment)).toContain('| `/usr/share` | 1 MiB | 512 KiB | −512 KiB |');
  });

  it('charts layer sizes next to the same numbers in a table', () => {
    expect(comment).toContain(
      '```mermaid\nxychart-beta\n    title "Uncompressed size per layer (MiB)"\n    x-axis "Layer" ["0", "1"]\n    y-axis "MiB"\n    bar [2.00, 3.00]\n```',
    );
    expect(comment).toContain('<details><summary>Layer sizes as a table</summary>');
    expect(lines(comment)).toContain('| 1 | 1.5 MiB | 3 MiB | `COPY server /app/server # buildkit` |');
    expect(comment.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('says all clear for an image without findings and without a baseline', () => {
    const clean = makeImage();
    const text = renderImageComment(makeReport([clean]), clean, OPTIONS);
    expect(lines(text)[1]).toBe('### ✅ distroless-guard: all clear in app');
    expect(lines(text)).toContain('| ✅ app | linux/amd64 | 2.5 MiB | 5 MiB | — | 2 | 0 | 0 |');
    expect(text).not.toContain('Findings');
    expect(text).not.toContain('differ from the baseline');
  });

  it('warns without failing when only warnings are found', () => {
    const warned = makeImage({ findings: [makeFinding({ level: 'warning' })] });
    expect(lines(renderImageComment(makeReport([warned]), warned, OPTIONS))[1]).toBe('### ⚠️ distroless-guard: 1 warning in app');
  });

  it('marks nothing new when the baseline had no findings to compare with', () => {
    const unknown = makeImage({ findings: [makeFinding({ new: true })], baseline: makeBaseline({ findingsKnown: false }) });
    const text = renderImageComment(makeReport([unknown]), unknown, OPTIONS);
    expect(text).not.toContain('New in this pull request');
    expect(text).not.toContain('Already on the base branch');
  });

  it('shows 50 findings of a rule and says how many more the job summary has', () => {
    const many = Array.from({ length: 60 }, (_, i) => makeFinding({ path: `/usr/bin/tool${i}`, message: `tool${i}` }));
    const big = makeImage({ findings: many });
    const text = renderImageComment(makeReport([big]), big, OPTIONS);
    expect(lines(text).filter((line) => /^- tool\d+ /.test(line))).toHaveLength(50);
    expect(lines(text)).toContain('- … and 10 more no-shell findings: see the [job summary](https://github.com/o/r/actions/runs/42) and the JSON report.');
  });

  it('shows the 20 largest layers when there are more', () => {
    const layers = Array.from({ length: 25 }, (_, i) => makeLayer(i, (i + 1) * MIB));
    const tall = makeImage({ facts: makeFacts({ sizes: { uncompressed: 0, hidden: 0, layers, directories: [] }, layerCommands: [] }) });
    const text = renderImageComment(makeReport([tall]), tall, OPTIONS);
    expect(text).toContain(`    x-axis "Layer" [${Array.from({ length: 20 }, (_, i) => `"${i + 5}"`).join(', ')}]`);
    expect(lines(text)).toContain('_… and 5 smaller layers: see the [job summary](https://github.com/o/r/actions/runs/42) and the JSON report._');
  });

  it('keeps hostile names from breaking tables, pinging, linking or injecting HTML', () => {
    const hostile = makeImage({
      name: 'app|x @org/team',
      findings: hostileFindings(),
      baseline: makeBaseline({
        layers: {
          shared: 0,
          added: HOSTILE_TEXTS.map((text, index) => ({ change: 'added' as const, index, size: 1, instruction: `RUN ${text}` })),
          removed: [],
        },
        directories: HOSTILE_TEXTS.map((path) => ({ path, before: 1, after: 2, delta: 1 })),
      }),
      facts: makeFacts({ layerCommands: [`RUN ${HOSTILE_TEXTS[0]}`, `RUN ${HOSTILE_TEXTS[6]}`] }),
    });
    const text = renderImageComment(makeReport([hostile], { notices: HOSTILE_TEXTS }), hostile, {
      ...OPTIONS,
      dockerfileUrl: (location) => `https://github.com/o/r/blob/abc/${location.file}`,
    });
    expectTablesIntact(text);
    expectNothingInjected(text);
    expect(text).toContain('<code>/app/a\\|b\\|c</code>');
    expect(text).toContain('``` /app/`tick` and ``double`` ```');
    expect(text).toContain('### ❌ distroless-guard: 9 errors, 8 warnings in app\\|x @\u200Dorg/team');
    expect(text).toContain('/app/\uFFFD'.slice(0, 5));
    expect(text).not.toContain('\uD800');
  });

  it('stays under 65,536 characters with 10,000 findings of 10 KB paths, keeping every rule', () => {
    const path = `/srv/${'&<|`@#1'.repeat(1500)}`;
    const rules = ['no-shell', 'forbidden-paths', 'no-setuid', 'no-world-writable'] as const;
    const huge: Finding[] = Array.from({ length: 10_000 }, (_, i) =>
      makeFinding({ rule: rules[i % rules.length], path: `${path}${i}`, message: `found ${path}${i}`, hint: `remove ${path}`, new: true }),
    );
    const image = makeImage({
      findings: huge,
      baseline: makeBaseline({ directories: Array.from({ length: 5_000 }, (_, i) => ({ path: `${path}${i}`, before: 0, after: i, delta: i })) }),
    });
    const text = renderImageComment(makeReport([image], { notices: Array.from({ length: 500 }, () => path) }), image, OPTIONS);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text.startsWith(MARKER)).toBe(true);
    expect(lines(text)[1]).toBe('### ❌ distroless-guard: 10,000 errors in app');
    for (const rule of rules) {
      expect(text).toContain(`**❌ [\`${rule}\`](https://docs.example/rules.md#${rule})** · error · 2,500 findings`);
      expect(text).toMatch(new RegExp(`\\n- … and 2,4\\d\\d more ${rule} findings: see the \\[job summary\\]`));
    }
    expect(text).toMatch(/\n_… and 4,9\d\d more directories: see the \[job summary\]/);
    expectTablesIntact(text);
  });

  it('cuts the end with a note when even the shortest lists do not fit', () => {
    const text = '&'.repeat(10_000);
    const huge: Finding[] = RULE_IDS.flatMap((rule) =>
      Array.from({ length: 10 }, (_, i) => makeFinding({ rule, message: `${text}${i}`, path: `${text}${i}`, hint: `${text}${i}` })),
    );
    const image = makeImage({ findings: huge, baseline: makeBaseline() });
    const comment = renderImageComment(makeReport([image]), image, OPTIONS);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment.length).toBeGreaterThan(COMMENT_LIMIT - 5_000);
    expect(comment).toMatch(
      /\n\n> \[!NOTE\]\n> This comment was cut to stay under GitHub's limit of 65,536 characters; left out: \d+ findings and \d+ table rows\. The full list is in the \[job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/42\) and the JSON report\.\n$/,
    );
    expectTablesIntact(comment);
    // Cut inside the folded findings of the base branch, the <details> is still closed.
    expect(comment).toContain(`<details><summary>Already on the base branch: ${huge.length} findings</summary>`);
    expect(comment.match(/<details>/g)?.length ?? 0).toBe(comment.match(/<\/details>/g)?.length ?? 0);
    expect((comment.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
  });
});

describe('renderSummary', () => {
  it('has one headline and one table row per image, then the sections of each', () => {
    const app = makeImage({ findings: [makeFinding()] });
    const worker = makeImage({ name: 'worker', platform: 'linux/arm64' });
    const text = renderSummary(makeReport([app, worker]), OPTIONS);
    expect(lines(text)[0]).toBe('### ❌ distroless-guard: 1 error in 2 images');
    expect(text).not.toContain(MARKER);
    expect(lines(text)).toContain('| ❌ app | linux/amd64 | 2.5 MiB | 5 MiB | — | 2 | 1 | 0 |');
    expect(lines(text)).toContain('| ✅ worker | linux/arm64 | 2.5 MiB | 5 MiB | — | 2 | 0 | 0 |');
    expect(lines(text)).toContain('#### ❌ app (linux/amd64)');
    expect(lines(text)).toContain('#### ✅ worker (linux/arm64)');
    expect(lines(text)).toContain('##### Findings');
    expect(text.indexOf('#### ✅ worker')).toBeGreaterThan(text.indexOf('##### Findings'));
  });

  it('stays under 1 MiB with a huge report', () => {
    const path = `/srv/${'é&<|'.repeat(2_500)}`;
    const findings = RULE_IDS.flatMap((rule) =>
      Array.from({ length: 100 }, (_, i) => makeFinding({ rule, path: `${path}${i}`, message: `found ${path}${i}`, hint: path })),
    );
    const images = Array.from({ length: 40 }, (_, i) => makeImage({ name: `image${i}`, findings }));
    const text = renderSummary(makeReport(images), OPTIONS);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(Buffer.byteLength(text, 'utf8')).toBeGreaterThan(SUMMARY_LIMIT - 10_000);
    expect(text).toMatch(
      /\n> This summary was cut to stay under the 1 MiB limit of job summaries; left out: [\d,]+ findings and [\d,]+ table rows\. The full list is in the JSON report\.\n$/,
    );
    expect(lines(text)).toContain(`| ❌ image39 | linux/amd64 | 2.5 MiB | 5 MiB | — | 2 | ${findings.length.toLocaleString('en-US')} | 0 |`);
    expectTablesIntact(text);
  });

  it('escapes hostile text in every section', () => {
    const hostile = makeImage({ name: '@org/team|x', platform: 'linux/<b>', findings: hostileFindings() });
    const text = renderSummary(makeReport([hostile], { policy: '#1 @org' }), OPTIONS);
    expectTablesIntact(text);
    expect(lines(text)).toContain('| ❌ @\u200Dorg/team\\|x | linux/&lt;b&gt; | 2.5 MiB | 5 MiB | — | 2 | 9 | 8 |');
    expect(lines(text)).toContain('#### ❌ @\u200Dorg/team\\|x (linux/&lt;b&gt;)');
  });
});

describe('BoundedDocument groups', () => {
  const limits = {
    findingsPerRule: 10,
    layers: 10,
    directories: 10,
    notices: 10,
    maxSize: 1_300,
    measure: (text: string) => text.length,
    fullList: 'the JSON report',
    headingLevel: 4,
  };
  const items = (count: number) => Array.from({ length: count }, (_, i) => () => `- item ${i} ${'x'.repeat(40)}\n`);

  it('keeps room for the closing tag of an open group, and writes it when the items run out of room', () => {
    const doc = new BoundedDocument(limits);
    doc.add(openGroup('<details><summary>Old</summary>\n\n', '</details>\n\n'));
    doc.add({ head: '**rule**\n\n', items: items(50), kind: 'finding', hidden: 0, more: (n) => `- … and ${n} more.\n`, tail: '\n' });
    doc.add({ head: '**other**\n\n', items: items(5), kind: 'finding', hidden: 0, more: (n) => `- … and ${n} more.\n`, tail: '\n' });
    doc.add(closeGroup());
    const text = doc.finish((left) => `cut: ${left}\n`);
    expect(doc.truncated).toBe(true);
    expect(text).toMatch(/- … and \d+ more\.\n\n<\/details>\n\ncut: \d+ findings\n$/);
    expect(text).not.toContain('**other**');
  });

  it('leaves a group out whole when even its opening does not fit, closing nothing', () => {
    const doc = new BoundedDocument(limits);
    doc.add(block('y'.repeat(290)));
    doc.add(openGroup('z'.repeat(100), '</details>\n\n'));
    doc.add({ head: '**rule**\n\n', items: items(1), kind: 'finding', hidden: 0, more: () => '', tail: '\n' });
    doc.add(closeGroup());
    const text = doc.finish(() => 'cut\n');
    expect(text).not.toContain('</details>');
    expect(text).not.toContain('z');
  });
});

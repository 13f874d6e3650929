import { describe, expect, it } from 'vitest';
import { TOOL_VERSION, rulesDocUrls } from '../../src/report/links.ts';
import { REPORT_FORMATS, type Sink, renderReport, writeChunks, writeReport } from '../../src/report/output.ts';
import type { SarifLog } from '../../src/report/sarif.ts';
import { makeFinding, makeImage, makeReport } from '../support/report-factory.ts';

/** A sink that takes a while with each chunk and notes whether a write came before the last one was done. */
function slowSink(): Sink & { chunks: string[]; overlapped: boolean } {
  let busy = false;
  const sink = {
    chunks: [] as string[],
    overlapped: false,
    async write(chunk: string | Buffer) {
      if (busy) sink.overlapped = true;
      busy = true;
      await new Promise((resolve) => setTimeout(resolve, 1));
      sink.chunks.push(chunk.toString());
      busy = false;
    },
  };
  return sink;
}

describe('writeChunks', () => {
  it('writes a large text in chunks, one at a time, never splitting a surrogate pair', async () => {
    const text = `${'a'.repeat(64 * 1024 - 1)}😀${'b'.repeat(100_000)}😀`;
    const sink = slowSink();
    await writeChunks(sink, text);
    expect(sink.chunks.join('')).toBe(text);
    expect(sink.chunks.length).toBeGreaterThan(1);
    expect(sink.chunks.every((chunk) => chunk.isWellFormed() && chunk.length <= 64 * 1024)).toBe(true);
    expect(sink.overlapped).toBe(false);
  });
});

describe('renderReport', () => {
  const report = makeReport([makeImage({ dockerfile: 'services/app/Dockerfile', findings: [makeFinding({ location: undefined })] })]);
  const options = { color: false, rulesDocUrl: rulesDocUrls({}) };

  it('renders every format the entries offer', () => {
    for (const format of REPORT_FORMATS) expect(renderReport(report, format, options)).toMatch(/\S\n$/);
    expect(JSON.parse(renderReport(report, 'json', options))).toMatchObject({ version: 1, images: [{ image: 'app' }] });
  });

  it("writes SARIF with the tool's version and rule links, placing a finding without a line in the image's Dockerfile", async () => {
    const sink = slowSink();
    await writeReport(report, 'sarif', sink, options);
    const sarif = JSON.parse(sink.chunks.join('')) as SarifLog;
    expect(sarif.runs[0].tool.driver.version).toBe(TOOL_VERSION);
    expect(sarif.runs[0].tool.driver.rules[0].helpUri).toBe(options.rulesDocUrl('no-shell'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('services/app/Dockerfile');
  });
});

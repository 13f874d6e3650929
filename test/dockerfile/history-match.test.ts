import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DockerfileModel, type Instruction, parseDockerfile } from '../../src/dockerfile/dockerfile.ts';
import { type ConfigKeyword, configInstruction, layerSources, matchHistory, settingInstructionAt } from '../../src/dockerfile/history-match.ts';
import { UserError } from '../../src/errors.ts';
import type { HistoryEntry } from '../../src/image/types.ts';

const dockerfile = (...text: string[]): DockerfileModel => parseDockerfile(`${text.join('\n')}\n`, 'Dockerfile');
const BUILDKIT = 'buildkit.dockerfile.v0';

/** What each layer was matched to, as `KEYWORD@line` ('base' for base-image layers, '-' for none). */
function summary(sources: ReturnType<typeof matchHistory>): string[] {
  return sources.map((source) => {
    if (source.fromBaseImage) return `base@${source.instruction?.line}`;
    return source.instruction ? `${source.instruction.keyword}@${source.instruction.line}` : '-';
  });
}

// debian:12 as pulled: one ADD layer and a CMD metadata step, written by the legacy builder.
const debianHistory: HistoryEntry[] = [
  { created: '2024-06-12T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:5b1e8bb1b4d5e8bb8c0c5e3c7f0d7a1b6f6b0e4f2a8a3d3f4f5e6a7b8c9d0e1f2 in / ' },
  { created: '2024-06-12T00:00:00Z', created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
];

// gcr.io/distroless/static: layers written by bazel, not by a Dockerfile builder.
const distrolessHistory: HistoryEntry[] = [
  { created: '1970-01-01T00:00:00Z', created_by: 'bazel build //base:static_root_amd64_debian12', comment: 'layer 1' },
  { created: '1970-01-01T00:00:00Z', created_by: 'bazel build //base:static_root_amd64_debian12', comment: 'layer 2' },
];

describe('layerSources', () => {
  it('pairs each history entry that is not empty_layer with the next diff id', () => {
    expect(layerSources([...debianHistory, { created_by: '/bin/sh -c apt-get update' }], 2)).toEqual([
      { layer: 0, historyIndex: 0, createdBy: debianHistory[0].created_by },
      { layer: 1, historyIndex: 2, createdBy: '/bin/sh -c apt-get update' },
    ]);
  });

  it('is undefined when there is no history or the counts disagree', () => {
    expect(layerSources(undefined, 1)).toBeUndefined();
    expect(layerSources(debianHistory, 2)).toBeUndefined();
    expect(layerSources([], 0)).toEqual([]);
  });
});

describe('matchHistory', () => {
  it('matches a legacy-builder image: base layer, RUN across continuation lines, COPY by destination', () => {
    const model = dockerfile('FROM debian:12', 'RUN apt-get update \\', '    && apt-get install -y curl', 'COPY app /app', 'CMD ["/app/run"]');
    const history: HistoryEntry[] = [
      ...debianHistory,
      { created_by: '/bin/sh -c apt-get update     && apt-get install -y curl' },
      { created_by: '/bin/sh -c #(nop) COPY dir:0d4a8b1c5e2f3a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b in /app ' },
      { created_by: '/bin/sh -c #(nop)  CMD ["/app/run"]', empty_layer: true },
    ];
    const sources = matchHistory(history, 3, model);
    expect(summary(sources)).toEqual(['base@1', 'RUN@2', 'COPY@4']);
    expect(sources[0]).toEqual({ layer: 0, historyIndex: 0, createdBy: debianHistory[0].created_by, instruction: model.finalStage.from, fromBaseImage: true });
    expect(sources[1]).toMatchObject({ layer: 1, historyIndex: 2, fromBaseImage: false });
    expect(sources[2].historyIndex).toBe(3);
  });

  it('matches a BuildKit multi-stage build: distroless layers come from the final FROM, COPY --from by sources and destination', () => {
    const model = dockerfile(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build --chown=65532:65532 /out/app /app',
      'USER nonroot',
      'ENTRYPOINT ["/app"]',
    );
    const history: HistoryEntry[] = [
      ...distrolessHistory,
      { created_by: 'COPY --chown=65532:65532 /out/app /app # buildkit', comment: BUILDKIT },
      { created_by: 'USER nonroot', comment: BUILDKIT, empty_layer: true },
      { created_by: 'ENTRYPOINT ["/app"]', comment: BUILDKIT, empty_layer: true },
    ];
    expect(summary(matchHistory(history, 3, model))).toEqual(['base@5', 'base@5', 'COPY@6']);
  });

  it('matches BuildKit RUN with build args, exec form, heredocs, a custom SHELL, WORKDIR layers and expanded COPY', () => {
    const model = dockerfile(
      'FROM alpine:3.20',
      'ARG VERSION=1.2',
      'ARG NOTE="two words"',
      'WORKDIR /app',
      'RUN --mount=type=cache,target=/var/cache/apk apk add curl',
      'RUN ["/bin/busybox", "--install", "-s"]',
      'RUN <<EOF',
      'set -e',
      'adduser -D app',
      'EOF',
      'RUN <<EOF',
      '#!/bin/sh',
      'echo shebang',
      'EOF',
      'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]',
      'RUN wget -qO- https://example.com/$VERSION | tar x',
      'COPY --chmod=0755 --link bin/tool-${VERSION} <<EOT ./',
      'hello',
      'EOT',
    );
    const history: HistoryEntry[] = [
      { created_by: '/bin/sh -c #(nop) ADD file:a1b2c3 in / ' },
      { created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', empty_layer: true },
      { created_by: 'ARG VERSION=1.2', comment: BUILDKIT, empty_layer: true },
      { created_by: 'ARG NOTE=two words', comment: BUILDKIT, empty_layer: true },
      { created_by: 'WORKDIR /app', comment: BUILDKIT },
      { created_by: 'RUN |2 VERSION=1.2 NOTE=two words /bin/sh -c apk add curl # buildkit', comment: BUILDKIT },
      { created_by: 'RUN |2 VERSION=1.2 NOTE=two words /bin/busybox --install -s # buildkit', comment: BUILDKIT },
      { created_by: 'RUN |2 VERSION=1.2 NOTE=two words /bin/sh -c set -e\nadduser -D app\n # buildkit', comment: BUILDKIT },
      { created_by: 'RUN |2 VERSION=1.2 NOTE=two words /bin/sh -c /dev/pipes/EOF # buildkit', comment: BUILDKIT },
      { created_by: 'SHELL [/bin/ash -eo pipefail -c]', comment: BUILDKIT, empty_layer: true },
      { created_by: 'RUN |2 VERSION=1.2 NOTE=two words /bin/ash -eo pipefail -c wget -qO- https://example.com/$VERSION | tar x # buildkit', comment: BUILDKIT },
      { created_by: 'COPY --chmod=0755 bin/tool-1.2 <<EOT ./ # buildkit', comment: BUILDKIT },
    ];
    expect(summary(matchHistory(history, 8, model))).toEqual(['base@1', 'WORKDIR@4', 'RUN@5', 'RUN@6', 'RUN@7', 'RUN@11', 'RUN@16', 'COPY@17']);
  });

  it('aligns a legacy RUN that changed nothing (empty_layer) and a WORKDIR the builder did not record', () => {
    const model = dockerfile('FROM debian:12', 'WORKDIR /srv', 'RUN echo "built"', 'RUN ["useradd", "app"]', 'COPY --chown=app conf/ /srv/conf/');
    const history: HistoryEntry[] = [
      ...debianHistory,
      { created_by: '/bin/sh -c echo "built"', empty_layer: true },
      { created_by: 'useradd app' },
      { created_by: '/bin/sh -c #(nop) COPY --chown=appdir:9f8e7d in /srv/conf/ ' },
    ];
    expect(summary(matchHistory(history, 3, model))).toEqual(['base@1', 'RUN@4', 'COPY@5']);
  });

  it('skips a WORKDIR step the Dockerfile does not have instead of pairing it with another instruction', () => {
    const model = dockerfile('FROM debian:12', 'RUN make install', 'COPY app /app');
    const history: HistoryEntry[] = [
      ...debianHistory,
      { created_by: 'RUN /bin/sh -c make install # buildkit', comment: BUILDKIT },
      { created_by: 'WORKDIR /work', comment: BUILDKIT },
      { created_by: 'COPY app /app # buildkit', comment: BUILDKIT },
    ];
    expect(summary(matchHistory(history, 4, model))).toEqual(['-', 'RUN@2', '-', 'COPY@3']);
  });

  it('includes the instructions of earlier stages the final stage is built on', () => {
    const model = dockerfile('FROM debian:12 AS base', 'RUN apt-get install -y ca-certificates', 'FROM base', 'COPY app /app');
    const history: HistoryEntry[] = [
      ...debianHistory,
      { created_by: 'RUN /bin/sh -c apt-get install -y ca-certificates # buildkit', comment: BUILDKIT },
      { created_by: 'COPY app /app # buildkit', comment: BUILDKIT },
    ];
    const sources = matchHistory(history, 3, model);
    expect(summary(sources)).toEqual(['base@1', 'RUN@2', 'COPY@4']);
    expect(sources[0].instruction).toBe(model.finalChain[0].from);
  });

  it('leaves every layer unmatched for history from a different Dockerfile', () => {
    const model = dockerfile('FROM debian:12', 'RUN apt-get install -y curl', 'COPY app /app');
    const history: HistoryEntry[] = [
      { created_by: '/bin/sh -c #(nop) ADD file:ffee in / ' },
      { created_by: '/bin/sh -c apk add --no-cache nginx' },
      { created_by: 'COPY nginx.conf /etc/nginx/nginx.conf # buildkit', comment: BUILDKIT },
    ];
    const sources = matchHistory(history, 3, model);
    expect(summary(sources)).toEqual(['-', '-', '-']);
    expect(sources.every((source) => source.instruction === undefined && !source.fromBaseImage)).toBe(true);
  });

  it('leaves only the disagreeing layer unmatched, and then claims no base layers', () => {
    const model = dockerfile('FROM debian:12', 'RUN apt-get install -y curl wget', 'COPY app /app');
    const history: HistoryEntry[] = [
      ...debianHistory,
      { created_by: '/bin/sh -c apt-get install -y curl' },
      { created_by: '/bin/sh -c #(nop) COPY dir:abcd in /app ' },
    ];
    expect(summary(matchHistory(history, 3, model))).toEqual(['-', '-', 'COPY@3']);
  });

  it('does not take a command that merely ends like the RUN for a match', () => {
    const model = dockerfile('FROM debian:12', 'RUN true');
    const history: HistoryEntry[] = [...debianHistory, { created_by: '/bin/sh -c make && true' }];
    expect(summary(matchHistory(history, 2, model))).toEqual(['-', '-']);
  });

  it('claims no base layers above scratch', () => {
    const model = dockerfile('FROM scratch', 'COPY app /app');
    const history: HistoryEntry[] = [{ created_by: 'bazel build //app' }, { created_by: 'COPY app /app # buildkit', comment: BUILDKIT }];
    expect(summary(matchHistory(history, 2, model))).toEqual(['-', 'COPY@2']);
  });

  it('attributes every layer to the base image when the Dockerfile adds none', () => {
    const model = dockerfile('FROM gcr.io/distroless/static-debian12', 'USER nonroot');
    expect(summary(matchHistory([...distrolessHistory, { created_by: 'USER nonroot', comment: BUILDKIT, empty_layer: true }], 2, model))).toEqual([
      'base@1',
      'base@1',
    ]);
  });

  it('returns one unmatched entry per layer when history and layers disagree', () => {
    const model = dockerfile('FROM debian:12', 'COPY app /app');
    expect(matchHistory(debianHistory, 2, model)).toEqual([
      { layer: 0, historyIndex: -1, createdBy: '', fromBaseImage: false },
      { layer: 1, historyIndex: -1, createdBy: '', fromBaseImage: false },
    ]);
    expect(matchHistory(undefined, 1, model)).toEqual([{ layer: 0, historyIndex: -1, createdBy: '', fromBaseImage: false }]);
  });
});

describe('configInstruction', () => {
  const model = dockerfile(
    'FROM node:22 AS base',
    'ENV NODE_ENV=production PORT=3000',
    'USER node',
    'FROM base',
    'ENV PORT=8080',
    'CMD ["node", "server.js"]',
    'USER app',
  );

  it('gives the last instruction of the keyword in the final chain', () => {
    expect(configInstruction(model, 'USER').line).toBe(7);
    expect(configInstruction(model, 'CMD').line).toBe(6);
  });

  it('gives the last ENV setting the named variable, looking into earlier stages of the chain', () => {
    expect(configInstruction(model, 'ENV', 'PORT').line).toBe(5);
    expect(configInstruction(model, 'ENV', 'NODE_ENV').line).toBe(2);
    expect(configInstruction(model, 'ENV').line).toBe(5);
  });

  it("gives the final stage's FROM when the Dockerfile never sets it", () => {
    expect(configInstruction(model, 'ENTRYPOINT')).toBe(model.finalStage.from);
    expect(configInstruction(model, 'ENV', 'PATH')).toBe(model.finalStage.from);
    expect(configInstruction(model, 'ENTRYPOINT').line).toBe(4);
  });
});

describe('robustness', () => {
  const dockerfileLines = [
    'FROM debian:12',
    'FROM alpine AS build',
    'FROM build',
    'FROM ${BASE:-scratch} AS final',
    'ARG BASE=debian',
    'ARG A B=2',
    'RUN apt-get update \\',
    '  && apt-get install -y curl',
    'RUN <<EOF',
    'EOF',
    'RUN ["echo", "x"',
    'COPY --from=build /out /app',
    'COPY <<EOT /x',
    'ADD https://example.com/a.tgz /opt/',
    'WORKDIR relative/dir',
    'USER app',
    'ENV A=1 B="2',
    'HEALTHCHECK CMD',
    'SHELL ["/bin/bash", "-c"]',
    '# escape=`',
    '\\',
    '`',
    '',
  ];
  const createdBys = [
    '/bin/sh -c #(nop) ADD file:abc in / ',
    '/bin/sh -c #(nop)  CMD ["sh"]',
    '/bin/sh -c #(nop)',
    '#(nop) COPY',
    'RUN |2 A=1 B=2 /bin/sh -c apt-get update # buildkit',
    'COPY --chown=1 a b # buildkit',
    'COPY',
    'WORKDIR',
    'WORKDIR /x',
    '# buildkit',
    '',
  ];
  const history = fc.array(
    fc.record(
      {
        created_by: fc.oneof(fc.constantFrom(...createdBys), fc.string()),
        comment: fc.constantFrom(BUILDKIT, ''),
        empty_layer: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 12 },
  );
  const text = fc
    .array(fc.oneof(fc.constantFrom(...dockerfileLines), fc.string()), { maxLength: 20 })
    .chain((parts) => fc.constantFrom('\n', '\r\n', '\r').map((newline) => parts.join(newline)));
  const keywords: ConfigKeyword[] = ['USER', 'ENTRYPOINT', 'CMD', 'ENV', 'HEALTHCHECK', 'EXPOSE', 'LABEL'];

  it('random Dockerfiles and histories throw nothing but UserError, and matches point into the Dockerfile', () => {
    fc.assert(
      fc.property(
        text,
        history,
        fc.nat(8),
        fc.option(fc.constantFrom('build', 'final', 'nope')),
        fc.dictionary(fc.constantFrom('BASE', 'A', 'constructor'), fc.string()),
        (source, entries, extraLayers, target, buildArgs) => {
          let model: DockerfileModel;
          try {
            model = parseDockerfile(source, 'Dockerfile', { target: target ?? undefined, buildArgs });
          } catch (error) {
            expect(error).toBeInstanceOf(UserError);
            expect((error as Error).message).toMatch(/^Dockerfile[:]/);
            return;
          }
          const known = new Set<Instruction>(model.stages.flatMap((stage) => [stage.from, ...stage.instructions]));
          const layerCount = entries.filter((entry) => entry.empty_layer !== true).length + (extraLayers % 2 === 0 ? 0 : extraLayers);
          const sources = matchHistory(entries, layerCount, model);
          expect(sources).toHaveLength(layerCount);
          for (const source of sources) if (source.instruction) expect(known.has(source.instruction)).toBe(true);
          for (const keyword of keywords) expect(known.has(configInstruction(model, keyword, 'A'))).toBe(true);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});

describe('settingInstructionAt', () => {
  const model = dockerfile('FROM debian:12', 'ARG TOKEN', 'ENV TOKEN=a', 'ENV OTHER=b TOKEN=c', 'ENV TOKEN=', 'LABEL x=y');
  const history: HistoryEntry[] = [
    { created_by: '/bin/sh -c #(nop)  ENV TOKEN=base' },
    { created_by: 'ARG TOKEN=secret', comment: BUILDKIT, empty_layer: true },
    { created_by: 'ENV TOKEN=a', comment: BUILDKIT, empty_layer: true },
    { created_by: 'ENV OTHER=b TOKEN=c', comment: BUILDKIT, empty_layer: true },
    { created_by: 'ENV TOKEN=', comment: BUILDKIT, empty_layer: true },
    { created_by: 'LABEL x=y', comment: BUILDKIT, empty_layer: true },
  ];
  const at = (index: number, keyword: 'ENV' | 'LABEL' | 'ARG', name: string) => settingInstructionAt(history, model, index, keyword, name)?.line;

  it('pairs the entries that set a name with the instructions that set it, from the end; earlier ones are the base image', () => {
    expect([at(2, 'ENV', 'TOKEN'), at(3, 'ENV', 'TOKEN'), at(4, 'ENV', 'TOKEN'), at(0, 'ENV', 'TOKEN')]).toEqual([3, 4, 5, 1]);
    expect([at(1, 'ARG', 'TOKEN'), at(5, 'LABEL', 'x')]).toEqual([2, 6]);
  });

  it('gives nothing for an entry that does not set the name', () => {
    expect([at(5, 'ENV', 'TOKEN'), at(2, 'ENV', 'OTHER'), settingInstructionAt(undefined, model, 0, 'ENV', 'TOKEN')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

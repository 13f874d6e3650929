import { describe, expect, it } from 'vitest';
import { expandVariables, parseDockerfile } from '../../src/dockerfile/dockerfile.ts';
import { UserError } from '../../src/errors.ts';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

describe('parseDockerfile', () => {
  it('reads a single-stage Dockerfile into instructions with lines, text and args', () => {
    const model = parseDockerfile(
      lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'COPY --chown=app:app app /app', 'CMD ["/app/run", "--port", "8080"]'),
      'Dockerfile',
    );
    expect(model.path).toBe('Dockerfile');
    expect(model.stages).toHaveLength(1);
    expect(model.finalStage).toBe(model.stages[0]);
    expect(model.finalChain).toEqual([model.stages[0]]);
    expect(model.finalStage.baseImage).toBe('debian:12');
    expect(model.finalStage.name).toBeUndefined();
    expect(model.finalStage.from).toEqual({
      keyword: 'FROM',
      line: 1,
      endLine: 1,
      text: 'debian:12',
      args: ['debian:12'],
      flags: [],
      execForm: false,
      expandedArgs: ['debian:12'],
    });
    expect(model.finalStage.instructions).toEqual([
      {
        keyword: 'RUN',
        line: 2,
        endLine: 2,
        text: 'apt-get update && apt-get install -y curl',
        args: ['apt-get update && apt-get install -y curl'],
        flags: [],
        execForm: false,
        expandedArgs: ['apt-get update && apt-get install -y curl'],
      },
      {
        keyword: 'COPY',
        line: 3,
        endLine: 3,
        text: '--chown=app:app app /app',
        args: ['--chown=app:app', 'app', '/app'],
        flags: ['--chown=app:app'],
        execForm: false,
        expandedArgs: ['--chown=app:app', 'app', '/app'],
      },
      {
        keyword: 'CMD',
        line: 4,
        endLine: 4,
        text: '["/app/run", "--port", "8080"]',
        args: ['/app/run', '--port', '8080'],
        flags: [],
        execForm: true,
        expandedArgs: ['/app/run', '--port', '8080'],
      },
    ]);
  });

  it('joins continuation lines, dropping comment and blank lines inside them as Docker does', () => {
    const model = parseDockerfile(
      lines('FROM debian', 'RUN apt-get update \\', '  # the tools', '', '  && apt-get install -y \\', '     curl', 'USER app'),
      'Dockerfile',
    );
    const [run, user] = model.finalStage.instructions;
    expect(run.line).toBe(2);
    expect(run.endLine).toBe(6);
    expect(run.text).toBe('apt-get update && apt-get install -y curl');
    // The command Docker hands the shell keeps each continued line's indentation.
    expect(run.args).toEqual(['apt-get update   && apt-get install -y      curl']);
    expect(user.line).toBe(7);
    expect(user.args).toEqual(['app']);
  });

  it('keeps heredoc bodies in the text and ends the instruction at the delimiter', () => {
    const model = parseDockerfile(
      lines('FROM alpine', 'RUN <<EOF', 'set -e', 'apk add --no-cache curl', 'EOF', 'COPY <<-"CONF" /etc/app.conf', '\tport=80', '\tCONF', 'USER 65532'),
      'Dockerfile',
    );
    const [run, copy, user] = model.finalStage.instructions;
    expect(run).toMatchObject({ keyword: 'RUN', line: 2, endLine: 5, text: '<<EOF\nset -e\napk add --no-cache curl\nEOF' });
    expect(run.args).toEqual(['<<EOF\nset -e\napk add --no-cache curl\nEOF']);
    expect(copy).toMatchObject({ keyword: 'COPY', line: 6, endLine: 8, text: '<<-"CONF" /etc/app.conf\n\tport=80\n\tCONF' });
    expect(copy.args).toEqual(['<<-"CONF"', '/etc/app.conf']);
    expect(user).toMatchObject({ keyword: 'USER', line: 9, args: ['65532'] });
  });

  it('expands global ARG defaults and build args in FROM', () => {
    const text = lines('ARG REGISTRY', 'ARG BASE=debian:12', 'FROM ${REGISTRY:-docker.io}/library/${BASE}', 'RUN true');
    expect(parseDockerfile(text, 'Dockerfile').finalStage.baseImage).toBe('docker.io/library/debian:12');
    const overridden = parseDockerfile(text, 'Dockerfile', { buildArgs: { BASE: 'ubuntu:24.04', REGISTRY: 'mirror.example' } });
    expect(overridden.finalStage.baseImage).toBe('mirror.example/library/ubuntu:24.04');
    // The raw FROM line stays as written; expandedArgs carries the substitution.
    expect(overridden.finalStage.from.args).toEqual(['${REGISTRY:-docker.io}/library/${BASE}']);
    expect(overridden.finalStage.from.expandedArgs).toEqual(['mirror.example/library/ubuntu:24.04']);
  });

  it('expands $BASE in FROM and leaves the platform arguments BuildKit sets unexpanded', () => {
    const model = parseDockerfile(
      lines('ARG BASE=debian:12', 'FROM $BASE', 'FROM --platform=$BUILDPLATFORM golang:1.22-${TARGETARCH} AS build', 'FROM ${UNSET}scratch'),
      'Dockerfile',
    );
    expect(model.stages.map((stage) => stage.baseImage)).toEqual(['debian:12', 'golang:1.22-${TARGETARCH}', 'scratch']);
    expect(model.stages[1].from.flags).toEqual(['--platform=$BUILDPLATFORM']);
    expect(model.stages[1].from.args).toEqual(['--platform=$BUILDPLATFORM', 'golang:1.22-${TARGETARCH}', 'AS', 'build']);
  });

  it('scopes ARG and ENV per stage: stage ARGs take the global default or a build arg, ENV wins over ARG', () => {
    const model = parseDockerfile(
      lines(
        'ARG VERSION=1.0',
        'FROM alpine AS base',
        'ENV APP_HOME=/srv/app',
        'FROM base',
        'ARG VERSION',
        'ARG CHANNEL=stable',
        'COPY app-${VERSION}-${CHANNEL}.tar $APP_HOME/',
        'ENV CHANNEL=edge',
        'WORKDIR ${APP_HOME}/${CHANNEL}',
        'COPY --chown=$NOT_DECLARED a /b',
      ),
      'Dockerfile',
      { buildArgs: { VERSION: '2.1' } },
    );
    const [, , copy, , workdir, copyUnknown] = model.finalStage.instructions;
    expect(copy.expandedArgs).toEqual(['app-2.1-stable.tar', '/srv/app/']);
    expect(copy.args).toEqual(['app-${VERSION}-${CHANNEL}.tar', '$APP_HOME/']);
    expect(workdir.expandedArgs).toEqual(['/srv/app/edge']);
    // Variables the Dockerfile does not declare come from the base image: left as written.
    expect(copyUnknown.expandedArgs).toEqual(['--chown=$NOT_DECLARED', 'a', '/b']);
  });

  it('reads ENV, LABEL and ARG as NAME=value with quotes removed', () => {
    const model = parseDockerfile(
      lines('FROM alpine', 'ENV A=1 B="two words"', 'ENV LEGACY some value', 'LABEL "org.opencontainers.image.title"="my app" tier=web', 'ARG X Y=2'),
      'Dockerfile',
    );
    expect(model.finalStage.instructions.map((instruction) => instruction.args)).toEqual([
      ['A=1', 'B=two words'],
      ['LEGACY=some value'],
      ['org.opencontainers.image.title=my app', 'tier=web'],
      ['X', 'Y=2'],
    ]);
  });

  it('decodes exec form (spaces inside strings kept) and falls back to shell form on invalid JSON', () => {
    const model = parseDockerfile(
      lines(
        'FROM alpine',
        'RUN ["sh", "-c", "echo a  b"]',
        'RUN [oops',
        'ENTRYPOINT ["/bin/app"]',
        'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]',
        'HEALTHCHECK NONE',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      ),
      'Dockerfile',
    );
    const [exec, broken, entrypoint, healthcheck, none, shell] = model.finalStage.instructions;
    expect(exec).toMatchObject({ execForm: true, args: ['sh', '-c', 'echo a  b'] });
    expect(broken).toMatchObject({ execForm: false, args: ['[oops'] });
    expect(entrypoint).toMatchObject({ execForm: true, args: ['/bin/app'] });
    expect(healthcheck).toMatchObject({ execForm: true, flags: ['--interval=5s'], args: ['--interval=5s', 'CMD', 'curl', '-f', 'http://localhost/'] });
    expect(none).toMatchObject({ execForm: false, args: ['NONE'] });
    expect(shell).toMatchObject({ execForm: true, args: ['/bin/bash', '-o', 'pipefail', '-c'] });
  });

  it('keeps RUN flags out of the command', () => {
    const model = parseDockerfile(lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt'), 'Dockerfile');
    const [run] = model.finalStage.instructions;
    expect(run.flags).toEqual(['--mount=type=cache,target=/root/.cache']);
    expect(run.args).toEqual(['--mount=type=cache,target=/root/.cache', 'pip install -r requirements.txt']);
    expect(run.text).toBe('--mount=type=cache,target=/root/.cache pip install -r requirements.txt');
  });

  it('honours the escape directive: backtick continues lines, backslash is an ordinary character', () => {
    const model = parseDockerfile(
      lines('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'COPY app C:\\app\\', 'RUN dir `', '    C:\\app'),
      'Dockerfile',
    );
    const [copy, run] = model.finalStage.instructions;
    expect(copy).toMatchObject({ line: 3, endLine: 3, args: ['app', 'C:\\app\\'] });
    expect(run).toMatchObject({ line: 4, endLine: 5, text: 'dir C:\\app', args: ['dir     C:\\app'] });
  });

  it('names stages, follows FROM <earlier stage> into the final chain, and picks the target stage case-insensitively', () => {
    const text = lines(
      'FROM golang:1.22 AS build',
      'RUN go build -o /out/app .',
      'FROM debian:12 AS base',
      'RUN useradd app',
      'FROM base AS runtime',
      'COPY --from=build /out/app /app',
      'FROM runtime',
      'USER app',
      'FROM scratch AS other',
    );
    const last = parseDockerfile(text, 'Dockerfile');
    expect(last.stages.map((stage) => stage.name)).toEqual(['build', 'base', 'runtime', undefined, 'other']);
    expect(last.finalStage.baseImage).toBe('scratch');
    expect(last.finalChain).toEqual([last.stages[4]]);

    const targeted = parseDockerfile(text, 'Dockerfile', { target: 'RUNTIME' });
    expect(targeted.finalStage).toBe(targeted.stages[2]);
    expect(targeted.finalChain.map((stage) => stage.name)).toEqual(['base', 'runtime']);

    const unnamedFinal = parseDockerfile(text.replace('FROM scratch AS other\n', ''), 'Dockerfile');
    expect(unnamedFinal.finalChain.map((stage) => stage.from.line)).toEqual([3, 5, 7]);
    expect(unnamedFinal.finalStage.instructions.map((instruction) => instruction.keyword)).toEqual(['USER']);
  });

  it('throws a one-line UserError naming the file when there is no FROM', () => {
    const parse = () => parseDockerfile(lines('# just a comment', 'RUN echo hi'), 'app/Dockerfile');
    expect(parse).toThrow(UserError);
    expect(parse).toThrow('app/Dockerfile: no FROM instruction, so this is not a Dockerfile that builds an image');
    expect(() => parseDockerfile('', 'empty/Dockerfile')).toThrow('empty/Dockerfile: no FROM instruction');
  });

  it('throws a UserError naming the file and the stages when the target stage is missing', () => {
    const parse = () => parseDockerfile(lines('FROM alpine AS build', 'FROM scratch AS final'), 'Dockerfile', { target: 'release' });
    expect(parse).toThrow(UserError);
    expect(parse).toThrow('Dockerfile: no stage named "release" (stages: build, final)');
  });

  it('throws a UserError for a FROM without an image', () => {
    expect(() => parseDockerfile(lines('FROM alpine', 'FROM'), 'Dockerfile')).toThrow(new UserError('Dockerfile:2: FROM names no image'));
  });
});

describe('expandVariables', () => {
  const values: Record<string, string | null> = { SET: 'value', EMPTY: '', UNSET: null };
  const resolve = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);

  it.each([
    ['$SET/${SET}', 'value/value'],
    ['${UNSET}x', 'x'],
    ['${EMPTY:-fallback} ${EMPTY-fallback}', 'fallback '],
    ['${UNSET-fallback} ${SET:-fallback}', 'fallback value'],
    ['${SET:+alt} ${EMPTY:+alt}|${EMPTY+alt} ${UNSET+alt}', 'alt |alt '],
    ['${UNSET:-$SET}', 'value'],
    ['\\$SET', '$SET'],
    ['$UNKNOWN ${UNKNOWN:-x}', '$UNKNOWN ${UNKNOWN:-x}'],
    ['no variables', 'no variables'],
  ])('%s -> %s', (word, expected) => {
    expect(expandVariables(word, '\\', resolve)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { HistorySecret } from '../../src/facts/history-secrets.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const FP = 'npm_…(40 chars, sha256:0f44c5384a41)';
const check = (historySecrets: HistorySecret[] | undefined, allow?: string[]) =>
  checkRule('no-secrets-in-history', makeFacts({ historySecrets }), allow ? { options: { allow } } : {});

describe('no-secrets-in-history', () => {
  it('reports a build argument on its ARG line, by kind and fingerprint', () => {
    expect(check([{ source: 'build-arg', key: 'NPM_TOKEN', kind: 'an npm token', fingerprint: FP, layer: 2, historyIndex: 3 }])).toStrictEqual([
      {
        message: `build argument NPM_TOKEN recorded in the image history holds what looks like an npm token (${FP})`,
        setting: 'ARG',
        envName: 'NPM_TOKEN',
        historyIndex: 3,
        hint: 'pass it with RUN --mount=type=secret (or an SSH mount) instead of a build argument: every RUN records the build arguments in scope, and the history ships with the image',
        fingerprint: FP,
      },
    ]);
  });

  it('words each source, and points a command at its layer and history entry', () => {
    const findings = check([
      { source: 'env', key: 'TOKEN', kind: 'a GitHub token', fingerprint: FP, historyIndex: 5 },
      { source: 'label', key: 'db.password', kind: 'a value named as a credential', fingerprint: FP },
      { source: 'annotation', key: 'x.token', kind: 'a GitLab token', fingerprint: FP },
      { source: 'command', kind: 'a password in a URL', fingerprint: FP, layer: 1, historyIndex: 2 },
    ]);
    expect(findings.map(({ message, setting, envName, layer, historyIndex }) => ({ message, setting, envName, layer, historyIndex }))).toStrictEqual([
      {
        message: `ENV TOKEN, changed or blanked by a later instruction but kept in the image history, holds what looks like a GitHub token (${FP})`,
        setting: 'ENV',
        envName: 'TOKEN',
        layer: undefined,
        historyIndex: 5,
      },
      {
        message: `label db.password holds a value and has a name that suggests a credential (${FP})`,
        setting: 'LABEL',
        envName: 'db.password',
        layer: undefined,
        historyIndex: undefined,
      },
      {
        message: `annotation x.token holds what looks like a GitLab token (${FP})`,
        setting: undefined,
        envName: undefined,
        layer: undefined,
        historyIndex: undefined,
      },
      {
        message: `a command recorded in the image history holds what looks like a password in a URL (${FP})`,
        setting: undefined,
        envName: undefined,
        layer: 1,
        historyIndex: 2,
      },
    ]);
  });

  it('is silent without secrets, on facts read back from a report, and for allowed names', () => {
    expect(check([])).toStrictEqual([]);
    expect(check(undefined)).toStrictEqual([]);
    expect(check([{ source: 'label', key: 'ci.public_token', kind: 'a GitHub token', fingerprint: FP }], ['CI.PUBLIC_*'])).toStrictEqual([]);
  });
});

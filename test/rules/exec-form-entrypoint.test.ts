import { describe, expect, it } from 'vitest';
import type { EntrypointFacts } from '../../src/facts/entrypoint.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT = 'write it in exec form, e.g. ENTRYPOINT ["/app", "--flag"]: the shell form needs /bin/sh, which a distroless image does not have';
const EXEC_FORM: EntrypointFacts = {
  entrypoint: ['/app'],
  cmd: [],
  argv: ['/app'],
  entrypointShellForm: false,
  cmdShellForm: false,
  healthcheckShellForm: false,
};
const check = (entrypoint: Partial<EntrypointFacts>) => checkRule('exec-form-entrypoint', makeFacts({ entrypoint: { ...EXEC_FORM, ...entrypoint } }));

describe('exec-form-entrypoint', () => {
  it('reports a shell-form ENTRYPOINT', () => {
    expect(check({ entrypoint: ['/bin/sh', '-c', 'exec /app'], entrypointShellForm: true })).toStrictEqual([
      { message: 'ENTRYPOINT is in shell form (/bin/sh -c exec /app)', setting: 'ENTRYPOINT', hint: HINT },
    ]);
  });

  it('reports a shell-form CMD, also under a SHELL instruction', () => {
    expect(check({ entrypoint: [], cmd: ['/bin/sh', '-c', '/app --port 8080'], cmdShellForm: true })).toStrictEqual([
      { message: 'CMD is in shell form (/bin/sh -c /app --port 8080)', setting: 'CMD', hint: HINT },
    ]);
    expect(check({ entrypoint: [], cmd: ['/bin/bash', '-o', 'pipefail', '-c', 'app | tee log'], cmdShellForm: true })).toStrictEqual([
      { message: 'CMD is in shell form (/bin/bash -o pipefail -c app | tee log)', setting: 'CMD', hint: HINT },
    ]);
  });

  it('reports HEALTHCHECK CMD-SHELL', () => {
    expect(check({ healthcheckShellForm: true })).toStrictEqual([
      {
        message: 'HEALTHCHECK runs its command through a shell (CMD-SHELL or /bin/sh -c), which needs /bin/sh',
        setting: 'HEALTHCHECK',
        hint: 'write HEALTHCHECK CMD ["/app", "healthcheck"] in exec form',
      },
    ]);
  });

  it('keeps a multi-line or long command to one line', () => {
    const [finding] = check({ entrypoint: [], cmd: ['/bin/sh', '-c', `set -e\n  echo start\n${'x'.repeat(200)}`], cmdShellForm: true });
    expect(finding.message).toBe(`CMD is in shell form (/bin/sh -c set -e echo start ${'x'.repeat(50)}…)`);
  });

  it('passes exec form', () => {
    expect(check({ cmd: ['--port', '8080'] })).toStrictEqual([]);
  });
});

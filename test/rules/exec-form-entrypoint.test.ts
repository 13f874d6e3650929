import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../src/image/types.ts';
import { runRule } from '../support/facts.ts';

const HINT = 'write it in exec form, e.g. ENTRYPOINT ["/app", "--flag"]: the shell form needs /bin/sh, which a distroless image does not have';
const check = (config: RuntimeConfig) => runRule('exec-form-entrypoint', { layers: [{ entries: [{ path: 'app', content: 'x', mode: 0o755 }] }], config });

describe('exec-form-entrypoint', () => {
  it('reports a shell-form ENTRYPOINT', async () => {
    expect(await check({ Entrypoint: ['/bin/sh', '-c', 'exec /app'] })).toStrictEqual([
      { message: 'ENTRYPOINT is in shell form (/bin/sh -c exec /app)', setting: 'ENTRYPOINT', hint: HINT },
    ]);
  });

  it('reports a shell-form CMD, also under a SHELL instruction', async () => {
    expect(await check({ Cmd: ['/bin/sh', '-c', '/app --port 8080'] })).toStrictEqual([
      { message: 'CMD is in shell form (/bin/sh -c /app --port 8080)', setting: 'CMD', hint: HINT },
    ]);
    expect(await check({ Cmd: ['/bin/bash', '-o', 'pipefail', '-c', 'app | tee log'] })).toStrictEqual([
      { message: 'CMD is in shell form (/bin/bash -o pipefail -c app | tee log)', setting: 'CMD', hint: HINT },
    ]);
  });

  it('reports HEALTHCHECK CMD-SHELL', async () => {
    expect(await check({ Entrypoint: ['/app'], Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/'] } })).toStrictEqual([
      {
        message: 'HEALTHCHECK runs its command through a shell (CMD-SHELL or /bin/sh -c), which needs /bin/sh',
        setting: 'HEALTHCHECK',
        hint: 'write HEALTHCHECK CMD ["/app", "healthcheck"] in exec form',
      },
    ]);
  });

  it('keeps a multi-line or long command to one line', async () => {
    const [finding] = await check({ Cmd: ['/bin/sh', '-c', `set -e\n  echo start\n${'x'.repeat(200)}`] });
    expect(finding.message).toBe(`CMD is in shell form (/bin/sh -c set -e echo start ${'x'.repeat(50)}…)`);
  });

  it('passes exec form, and a CMD that only gives arguments to an exec-form ENTRYPOINT', async () => {
    expect(await check({ Entrypoint: ['/app'], Cmd: ['--port', '8080'], Healthcheck: { Test: ['CMD', '/app', 'health'] } })).toStrictEqual([]);
    expect(await check({ Entrypoint: ['/app'], Cmd: ['/bin/sh', '-c', 'x'] })).toStrictEqual([]);
    expect(await check({ Cmd: ['/busybox/sh'] })).toStrictEqual([]);
  });
});

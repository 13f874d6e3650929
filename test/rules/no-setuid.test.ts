import { describe, expect, it } from 'vitest';
import { runRule } from '../support/facts.ts';

const HINT = 'remove the file, or clear the bit with chmod u-s,g-s in the build stage';

describe('no-setuid', () => {
  it('reports setuid, setgid and both, each with its path, mode and layer', async () => {
    const spec = {
      layers: [
        {
          entries: [
            { path: 'usr/bin/passwd', content: 'x', mode: 0o4755 },
            { path: 'usr/bin/plain', content: 'x', mode: 0o755 },
          ],
        },
        {
          entries: [
            { path: 'usr/bin/wall', content: 'x', mode: 0o2755 },
            { path: 'usr/bin/both', content: 'x', mode: 0o6711 },
          ],
        },
      ],
    };
    expect(await runRule('no-setuid', spec)).toStrictEqual([
      { message: '/usr/bin/both is setuid and setgid (mode 6711)', path: '/usr/bin/both', layer: 1, hint: HINT },
      { message: '/usr/bin/passwd is setuid (mode 4755)', path: '/usr/bin/passwd', layer: 0, hint: HINT },
      { message: '/usr/bin/wall is setgid (mode 2755)', path: '/usr/bin/wall', layer: 1, hint: HINT },
    ]);
  });

  it('passes plain files, a setgid directory, and a bit cleared by a later layer', async () => {
    const spec = {
      layers: [
        {
          entries: [
            { path: 'bin/ping', content: 'x', mode: 0o4755 },
            { path: 'var/mail/', type: 'dir' as const, mode: 0o2775 },
          ],
        },
        { entries: [{ path: 'bin/ping', content: 'x', mode: 0o755 }] },
      ],
    };
    expect(await runRule('no-setuid', spec)).toStrictEqual([]);
  });
});

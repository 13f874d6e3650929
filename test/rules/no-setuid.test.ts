import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT = 'remove the file, or clear the bit with chmod u-s,g-s in the build stage';
const file = (path: string, mode: number, layer: number) => ({ path, mode, layer, type: 'file' as const });

describe('no-setuid', () => {
  it('reports setuid, setgid and both, each with its path, mode and layer', () => {
    const setuid = [file('/usr/bin/both', 0o6711, 1), file('/usr/bin/passwd', 0o4755, 0), file('/usr/bin/wall', 0o2755, 1)];
    expect(checkRule('no-setuid', makeFacts({ setuid }))).toStrictEqual([
      { message: '/usr/bin/both is setuid and setgid (mode 6711)', path: '/usr/bin/both', layer: 1, hint: HINT },
      { message: '/usr/bin/passwd is setuid (mode 4755)', path: '/usr/bin/passwd', layer: 0, hint: HINT },
      { message: '/usr/bin/wall is setgid (mode 2755)', path: '/usr/bin/wall', layer: 1, hint: HINT },
    ]);
  });

  it('passes an image without such files', () => {
    expect(checkRule('no-setuid', makeFacts({ setuid: [] }))).toStrictEqual([]);
  });
});

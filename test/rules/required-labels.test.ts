import { describe, expect, it } from 'vitest';
import { runRule } from '../support/facts.ts';

const SOURCE = 'org.opencontainers.image.source';
const REVISION = 'org.opencontainers.image.revision';
const check = (labels: Record<string, string>, required: Record<string, string>) =>
  runRule('required-labels', { layers: [{ entries: [{ path: 'app', content: 'x' }] }], config: { Labels: labels } }, { options: { labels: required } });

describe('required-labels', () => {
  it('reports a missing label', async () => {
    expect(await check({ [REVISION]: 'abc' }, { [SOURCE]: '', [REVISION]: '' })).toStrictEqual([
      { message: `label ${SOURCE} is missing`, setting: 'LABEL', hint: `add LABEL ${SOURCE}="…"` },
    ]);
  });

  it('reports a value that does not match, pointing at the label by name', async () => {
    expect(await check({ [SOURCE]: 'https://gitlab.com/acme/app' }, { [SOURCE]: '^https://github\\.com/' })).toStrictEqual([
      {
        message: `label ${SOURCE}="https://gitlab.com/acme/app" does not match /^https://github\\.com//`,
        setting: 'LABEL',
        envName: SOURCE,
        hint: `set ${SOURCE} to a value matching /^https://github\\.com//`,
      },
    ]);
  });

  it('passes present labels that match, and an empty pattern that only asks for presence', async () => {
    expect(await check({ [SOURCE]: 'https://github.com/acme/app', [REVISION]: '' }, { [SOURCE]: '^https://github\\.com/', [REVISION]: '' })).toStrictEqual([]);
    expect(await check({}, {})).toStrictEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const SOURCE = 'org.opencontainers.image.source';
const REVISION = 'org.opencontainers.image.revision';
const check = (labels: Record<string, string>, required: Record<string, string>) =>
  checkRule('required-labels', makeFacts({ labels }), { options: { labels: required } });

describe('required-labels', () => {
  it('reports a missing label', () => {
    expect(check({ [REVISION]: 'abc' }, { [SOURCE]: '', [REVISION]: '' })).toStrictEqual([
      { message: `label ${SOURCE} is missing`, setting: 'LABEL', hint: `add LABEL ${SOURCE}="…"` },
    ]);
  });

  it('reports a value that does not match, pointing at the label by name', () => {
    expect(check({ [SOURCE]: 'https://gitlab.com/acme/app' }, { [SOURCE]: '^https://github\\.com/' })).toStrictEqual([
      {
        message: `label ${SOURCE}="https://gitlab.com/acme/app" does not match /^https://github\\.com//`,
        setting: 'LABEL',
        envName: SOURCE,
        hint: `set ${SOURCE} to a value matching /^https://github\\.com//`,
      },
    ]);
  });

  it('passes present labels that match, and an empty pattern that only asks for presence', () => {
    expect(check({ [SOURCE]: 'https://github.com/acme/app', [REVISION]: '' }, { [SOURCE]: '^https://github\\.com/', [REVISION]: '' })).toStrictEqual([]);
    expect(check({}, {})).toStrictEqual([]);
  });
});

// The JRE case of test/facts/leftovers.test.ts: 185 MB of files to tar and index, too slow for npm test.
import { expect, it } from 'vitest';
import { debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { checkRule, factsOfTars } from '../support/facts.ts';

describeWithApt('leftover facts on a JRE from real Debian packages', () => {
  it('reports nothing', { timeout: 300_000 }, async () => {
    const facts = await factsOfTars([await mergedUsrRootfs(await debianPackages(['openjdk-17-jre-headless']))]);
    expect(facts.leftovers).toEqual([]);
    expect(checkRule('no-build-leftovers', facts)).toEqual([]);
  });
});

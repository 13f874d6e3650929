import fc from 'fast-check';
import { RULE_IDS } from '../../src/policy/index.ts';

// Values shaped like a policy, right and wrong in every part, so some get past the schema
// into the checks made in code (sizes, globs, regular expressions, dates, limits).
const loose = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constantFrom('80MB', '1.5', '**/x', '/x', '(', '2027-02-30', '2027-02-28'),
);
const list = fc.array(loose, { maxLength: 3 });
const level = fc.constantFrom('off', 'warning', 'error', 'eror');
const ruleValue = fc.oneof(
  level,
  fc.record(
    {
      level,
      compressed: loose,
      max: loose,
      percent: loose,
      bytes: loose,
      paths: list,
      images: list,
      labels: fc.dictionary(fc.string(), loose, { maxKeys: 3 }),
    },
    { requiredKeys: ['level'] },
  ),
);
const rules = fc.dictionary(fc.constantFrom(...RULE_IDS, 'no-shel'), ruleValue, { maxKeys: 4 });
const override = fc.record({ rules, 'fail-on': fc.constant('never') }, { requiredKeys: [] });
const exception = fc.record(
  { rule: fc.constantFrom(...RULE_IDS, 'x'), path: loose, image: loose, reason: loose, until: loose },
  { requiredKeys: ['rule', 'reason'] },
);

export const policyShaped = fc.record(
  {
    extends: fc.constantFrom('recommended', 'strict', 'none', 'lax'),
    'fail-on': fc.constantFrom('error', 'warning', 'never', 'nope'),
    rules,
    images: fc.dictionary(fc.oneof(fc.string(), fc.constant('ghcr.io/*')), override, { maxKeys: 3 }),
    exceptions: fc.array(exception, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

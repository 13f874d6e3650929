import { type RawFinding, defineRule } from './rule.ts';
import { oneLine } from './text.ts';

export const requiredLabels = defineRule({
  id: 'required-labels',
  title: 'Required labels present',
  anchor: 'required-labels',
  levels: { recommended: 'off', strict: 'off' },
  options: { labels: { kind: 'labels', default: {} } },
  needsFiles: false,
  missingOption: ({ labels }) => (Object.keys(labels).length === 0 ? 'labels; list the required labels' : undefined),
  check: ({ facts, options }) => {
    const findings: RawFinding[] = [];
    for (const [name, pattern] of Object.entries(options.labels)) {
      const value = facts.labels[name];
      if (value === undefined) findings.push({ message: `label ${name} is missing`, setting: 'LABEL', hint: `add LABEL ${name}="…"` });
      else if (pattern && !new RegExp(pattern).test(value))
        findings.push({
          message: `label ${name}="${oneLine(value)}" does not match /${pattern}/`,
          setting: 'LABEL',
          envName: name,
          hint: `set ${name} to a value matching /${pattern}/`,
        });
    }
    return findings;
  },
});

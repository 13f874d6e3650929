import { toolFindings } from './tool-findings.ts';
import { defineRule } from './rule.ts';

export const noBuildTools = defineRule({
  id: 'no-build-tools',
  title: 'No compiler, make, git or language toolchain in the image',
  anchor: 'no-build-tools',
  levels: { recommended: 'error', strict: 'error' },
  options: { tools: { kind: 'names', default: [] } },
  needsFiles: true,
  // Whatever the level: the report lists the build tools found.
  factOptions: ({ options }) => ({ extraBuildTools: options.tools }),
  check: ({ facts }) => toolFindings('build tool', facts.buildTools, facts),
});

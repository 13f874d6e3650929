import type { FoundBinary } from '../facts/binaries.ts';
import type { ImageFacts } from '../facts/index.ts';
import { type ToolEcosystem, languageToolOf } from '../facts/tools.ts';
import { distrolessBaseFor, distrolessHint } from './hints.ts';
import type { RawFinding } from './rule.ts';

const MULTI_STAGE = '(multi-stage build)';

/** How to keep each kind of tool in a build stage and out of the final image. */
function toolHint(ecosystem: ToolEcosystem, facts: ImageFacts): string {
  const base = distrolessBaseFor(facts);
  switch (ecosystem) {
    case 'python':
      return `pip install into a virtualenv (or --target) in a build stage and COPY it into a final stage FROM gcr.io/distroless/python3-debian13, which has no pip ${MULTI_STAGE}`;
    case 'node':
      return `run npm ci --omit=dev in a build stage and COPY the app with its node_modules into a final stage FROM gcr.io/distroless/nodejs22-debian13, which has no npm, npx or corepack; start it with node, not npm start ${MULTI_STAGE}`;
    case 'ruby':
      return `run bundle install (deployment mode, vendor/bundle) in a build stage and COPY the app with its gems into a final stage that has only the Ruby runtime ${MULTI_STAGE}`;
    case 'php':
      return `run composer install --no-dev in a build stage and COPY the app with vendor/ into a final stage without composer ${MULTI_STAGE}`;
    case 'git':
      return `fetch sources in a build stage (or ADD the git URL) and COPY only what the app needs into the final stage ${MULTI_STAGE}`;
    default:
      return `compile in a build stage and COPY only the built program into a final stage FROM ${base} ${MULTI_STAGE}`;
  }
}

/**
 * One finding per tool found, saying what it is and how to drop it: `Node.js package manager
 * /usr/local/bin/npm (-> …/npm-cli.js) is in the image`. Names the tool tables do not know (OS package
 * managers, a policy's extra names) are called `fallback`.
 */
export function toolFindings(fallback: string, binaries: readonly FoundBinary[], facts: ImageFacts): RawFinding[] {
  const program = facts.entrypoint.program?.path;
  return binaries.map((binary) => {
    const tool = languageToolOf(binary);
    const where = `${binary.path}${binary.via ? ` (-> ${binary.via})` : ''}`;
    const how = binary.script ? `, as the #! interpreter of ${binary.script}` : '';
    const hint = tool ? toolHint(tool.ecosystem, facts) : distrolessHint(facts);
    // `CMD ["npm", "start"]`: the tool is not only present, the container needs it to start.
    const runs = program !== undefined && program === binary.realPath ? 'the entry point runs it: ' : '';
    return {
      message: `${tool?.what ?? fallback} ${where} is in the image${how}`,
      path: binary.path,
      layer: binary.layer,
      hint: `${runs}${hint}`,
    };
  });
}

import { type RawFinding, defineRule } from './rule.ts';
import { oneLine } from './text.ts';

const HINT = 'write it in exec form, e.g. ENTRYPOINT ["/app", "--flag"]: the shell form needs /bin/sh, which a distroless image does not have';

export const execFormEntrypoint = defineRule({
  id: 'exec-form-entrypoint',
  title: 'Entrypoint, Cmd and Healthcheck in exec form',
  anchor: 'exec-form-entrypoint',
  levels: { recommended: 'error', strict: 'error' },
  options: {},
  needsFiles: false,
  check: ({ facts }) => {
    const { entrypoint } = facts;
    const findings: RawFinding[] = [];
    if (entrypoint.entrypointShellForm)
      findings.push({ message: `ENTRYPOINT is in shell form (${oneLine(entrypoint.entrypoint.join(' '))})`, setting: 'ENTRYPOINT', hint: HINT });
    if (entrypoint.cmdShellForm) findings.push({ message: `CMD is in shell form (${oneLine(entrypoint.cmd.join(' '))})`, setting: 'CMD', hint: HINT });
    if (entrypoint.healthcheckShellForm)
      findings.push({
        message: 'HEALTHCHECK runs its command through a shell (CMD-SHELL or /bin/sh -c), which needs /bin/sh',
        setting: 'HEALTHCHECK',
        hint: 'write HEALTHCHECK CMD ["/app", "healthcheck"] in exec form',
      });
    return findings;
  },
});

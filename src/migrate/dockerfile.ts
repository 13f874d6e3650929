import type { MigrationPlan } from './types.ts';

/** A Dockerfile word: bare when it is plain, else a JSON string (which the Dockerfile parser reads for COPY's JSON form and LABEL/ENV quoting). */
function word(text: string): string {
  return /^[A-Za-z0-9_./:@%+,=-]+$/.test(text) ? text : JSON.stringify(text);
}

/** ENV and LABEL values: always double-quoted, with `\`, `"` and `$` escaped (the parser expands `$` in both). */
function quoted(text: string): string {
  return `"${text.replace(/[\\"$]/g, (char) => `\\${char}`).replace(/\n/g, '\\n')}"`;
}

/** A path for COPY: bare when plain, else COPY's JSON-array form takes care of spaces. */
function copyLine(from: string, source: string, destination: string, chown?: string): string {
  const flags = `--from=${from}${chown ? ` --chown=${chown}` : ''}`;
  if (/^[A-Za-z0-9_./@%+,:=-]+$/.test(source + destination) && !/[*?[]/.test(source)) return `COPY ${flags} ${source} ${destination}`;
  return `COPY ${flags} ${JSON.stringify([source, destination])}`;
}

/** The multi-stage Dockerfile of a plan. */
export function renderDockerfile(plan: MigrationPlan): string {
  if (!plan.base) return '';
  const lines = [
    `# Written by distroless-guard migrate from ${plan.image.replace(/\n/g, ' ')} (${plan.platform}).`,
    ...(plan.from.placeholder ? ['# Replace <your-image> with the image it was made from (a tag or digest you can pull or build).'] : []),
    `FROM ${plan.from.reference} AS app`,
    '',
    `FROM ${plan.base.image}`,
  ];
  for (const copy of plan.copies) lines.push(copyLine('app', copy.source, copy.destination, copy.chown));
  if (plan.env.length > 0) lines.push(...plan.env.map(([name, value]) => `ENV ${name}=${quoted(value)}`));
  for (const [name, value] of Object.entries(plan.labels)) lines.push(`LABEL ${word(name)}=${quoted(value)}`);
  if (plan.expose.length > 0) lines.push(`EXPOSE ${plan.expose.map(word).join(' ')}`);
  if (plan.stopSignal) lines.push(`STOPSIGNAL ${word(plan.stopSignal)}`);
  if (plan.user) lines.push(`USER ${plan.user}`);
  lines.push(`WORKDIR ${word(plan.workdir)}`);
  // java, python3 and nodejs images have an ENTRYPOINT of their own, which a CMD alone would follow.
  if (plan.entrypoint.length > 0 || /^(java|python|nodejs)/.test(plan.base.name)) lines.push(`ENTRYPOINT ${JSON.stringify(plan.entrypoint)}`);
  if (plan.cmd.length > 0 || plan.entrypoint.length === 0) lines.push(`CMD ${JSON.stringify(plan.cmd)}`);
  return `${lines.join('\n')}\n`;
}

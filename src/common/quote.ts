// Values are quoted back to the user; a hostile file can hold a 1 MiB string, a message stays one short line.
const MAX_QUOTED = 60;

/** A value as JSON, shortened with an ellipsis when long. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED - 1)}…`;
}

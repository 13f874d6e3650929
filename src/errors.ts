/**
 * An error the user can fix: bad input, an unreadable image, a policy mistake.
 * Its message is shown as one line, without a stack trace; anything else is a bug.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** The message of a caught value, for wrapping lower-level failures in a UserError. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The one line an entry ends with when something failed: a UserError's message as it is, anything
 * else a bug, with its stack so it can be reported.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof UserError) return error.message;
  return `internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

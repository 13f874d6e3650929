import { expect } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parsePolicy } from '../../src/policy/load.ts';

export const FILE = '.github/distroless.yml';

/** The message parsePolicy throws for `text`, or a failure when it accepts it. */
export function errorOf(text: string): string {
  try {
    parsePolicy(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error(`accepted:\n${text}`);
}

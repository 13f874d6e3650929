import * as core from '@actions/core';
import { checkInWorker } from '../engine/worker.ts';
import { failureMessage } from '../errors.ts';
import { parseActionInputs } from './inputs.ts';
import { runAction } from './run.ts';

/** The action: inputs parsed once, the check run in a worker thread started from `engineEntry` (src/main.ts). */
export async function runMain(engineEntry: URL): Promise<void> {
  const input = {
    get: (name: string) => core.getInput(name),
    lines: (name: string) => core.getMultilineInput(name),
  };

  // Masked before anything can print it, even a message about a bad input.
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);

  // The one error boundary: exit 1 when the policy fails, 2 when input could not be read.
  try {
    const passed = await runAction(parseActionInputs(input, process.env), process.env, (options) => checkInWorker(engineEntry, options));
    // runAction annotated the verdict before the findings, where GitHub cannot hide it.
    if (!passed) process.exitCode = 1;
  } catch (error) {
    core.setFailed(failureMessage(error));
    process.exitCode = 2;
  }
}

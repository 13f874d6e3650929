import fc from 'fast-check';

// Property tests that pass no numRuns of their own get the fuzz budget too.
if (process.env.FUZZ_RUNS) fc.configureGlobal({ numRuns: Number(process.env.FUZZ_RUNS) });

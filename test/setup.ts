// Tests never see the runner's own GitHub environment: each test that needs it sets it.
for (const key of Object.keys(process.env)) {
  if (key.startsWith('INPUT_') || key === 'GITHUB_OUTPUT' || key === 'GITHUB_STEP_SUMMARY' || key === 'GITHUB_EVENT_PATH') {
    delete process.env[key];
  }
}

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/browser/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/no-metadata-server.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores: a few forks keep the emulator responsive.
    maxWorkers: 3,
    env: { METADATA_SERVER_DETECTION: 'none' },
  },
});

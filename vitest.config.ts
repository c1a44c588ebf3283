// Two projects: Node-side tests (shared/, the Apps Script bundle, the local runtime, the browser end to
// end) under tests/, and the extension's unit tests beside its code, run against WXT's fake browser.
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/faults/**'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['extension/**/*.test.ts', 'tests/faults/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});

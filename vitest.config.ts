import { configDefaults, defineConfig } from 'vitest/config';
import { PROJECT_FILES } from './test/projects.js';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: more workers only fight over them.
    maxWorkers: 2,
    // The JSON results are what .ci/run reads to print its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // `npm run test:unit` runs the first (no build needed), `npm run test:system` the second, and
    // `npm test` both; test/projects.ts says which files are in which.
    projects: (['unit', 'system'] as const).map((name) => ({
      extends: true as const,
      test: {
        name,
        include: PROJECT_FILES[name].include,
        exclude: [...configDefaults.exclude, ...PROJECT_FILES[name].exclude],
      },
    })),
  },
});

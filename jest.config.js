/** Jest runs the TypeScript sources as native ESM through @swc/jest (about 3x faster than ts-jest here). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    }],
  },
  testTimeout: 60000,
  // Every answer of svc.call is validated against the OpenAPI document (test/support/contract.ts); the total
  // is printed at the end.
  globalSetup: '<rootDir>/test/support/contract-setup.mjs',
  globalTeardown: '<rootDir>/test/support/contract-report.mjs',
  // Integration suites each start their own redis-server; two at a time suits a 2-core machine.
  maxWorkers: 2,
  // Under --experimental-vm-modules a worker keeps every suite's modules (jestjs/jest#14605): after 25-34 suites the
  // two workers held 1.5 and 1.9 GB, whose teardown outlasted jest's 500 ms at the end of the run ("A worker process
  // has failed to exit gracefully"). A worker past this heap after a suite is replaced by a fresh one.
  workerIdleMemoryLimit: '256MB',
};

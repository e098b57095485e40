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
  // two workers held 1.5 and 1.9 GB. A worker past this heap after a suite is replaced by a fresh one, which bounds
  // both the memory and the worker's exit (below).
  workerIdleMemoryLimit: '256MB',
  // How long jest waits for a worker to exit after the last suite before killing it and printing "A worker process
  // has failed to exit gracefully" (default 500 ms). A worker with nothing left open still needs time to die: V8
  // unmaps its heap page by page after the 'exit' event (perf: ~70 % of that time in Heap::TearDown/munmap), 40-210 ms
  // for a 13-280 MB worker at load 4, 670 ms at load 12 on this 2-core machine; and a worker the last suite left past
  // workerIdleMemoryLimit is killed and replaced after the run's end, the new one booted only to exit (340 ms). 1.5 s
  // covers that; a handle left open still shows (docs/TESTING.md: how to find which suite leaks).
  workerGracefulExitTimeout: 1500,
};

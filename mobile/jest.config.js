/** Unit, fault and real-backend tests. The browser test has its own config (jest.web.config.js). */
const tsJest = [
  'ts-jest',
  {
    // Type checking is done once by `tsc --noEmit` in `npm test`; per-file transpilation keeps Jest fast.
    tsconfig: { isolatedModules: true, module: 'commonjs', moduleResolution: 'node', jsx: 'react-jsx', esModuleInterop: true, target: 'ES2022' },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': tsJest },
  testTimeout: 30_000,
};

// Jest runs the pure core (src/core) and the CLI in Node. TypeScript is transpiled per file
// (type checking is tsc's job in `npm run build:lib`), so tests start fast.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    // Library descriptions (src/core/frameworks/*/library/**.py) are imported as their text.
    '^.+\\.py$': '<rootDir>/tests/helpers/text-transform.js'
  },
  testTimeout: 60000
};

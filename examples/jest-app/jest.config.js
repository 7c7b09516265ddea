// The smallest Jest config that runs @cf-user-groups/testing with MSW, as the testing package's
// README ("With Jest") gives it. Jest's CommonJS mode cannot load ES modules from node_modules
// (before Node 24.9, or without --experimental-vm-modules), so the ESM-only packages are compiled
// on the way in: ours, and the ones msw 2.11 and later depends on.
/** @type {import("jest").Config} */
export default {
  // @swc/jest compiles TypeScript, and ES modules (import.meta.url included) to CommonJS.
  transform: { "^.+\\.m?[tj]s$": "@swc/jest" },
  // node_modules stays untransformed except these (npm, yarn and pnpm layouts).
  transformIgnorePatterns: [
    "/node_modules/(?!(\\.pnpm/)?(@cf-user-groups|@open-draft|rettime|until-async)[+/@])",
  ],
  // A busy 2-core CI machine: the HTTP server tests start a real server.
  testTimeout: 30_000,
};

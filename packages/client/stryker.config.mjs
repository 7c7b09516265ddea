// @ts-check
// Mutation testing of the client's core: transport, retries, pacing, pagination, errors, options,
// argument checks and URLs. `pnpm test:mutation:client` from the repository root.
import { mutationConfig } from "../../scripts/lib/mutation-config.mjs";

export default mutationConfig("client", {
  mutate: [
    "packages/client/src/transport.ts",
    "packages/client/src/retry-policy.ts",
    "packages/client/src/rate-limit.ts",
    "packages/client/src/pagination.ts",
    "packages/client/src/errors.ts",
    "packages/client/src/client-options.ts",
    "packages/client/src/checks.ts",
    "packages/client/src/request-url.ts",
    "packages/client/src/operation.ts",
  ],
  thresholds: { high: 99, low: 97, break: 97 },
});

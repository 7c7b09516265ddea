// @ts-check
// Mutation testing of the fake's core: the error envelope, auth, request validation, the request
// pipeline, the operations, the store, faults and the request log. `pnpm test:mutation:testing`
// from the repository root.
import { mutationConfig } from "../../scripts/lib/mutation-config.mjs";

export default mutationConfig("testing", {
  mutate: [
    "packages/testing/src/envelope.ts",
    "packages/testing/src/core/auth.ts",
    "packages/testing/src/core/request-body.ts",
    "packages/testing/src/core/request-validation.ts",
    "packages/testing/src/core/handle-request.ts",
    "packages/testing/src/core/store.ts",
    "packages/testing/src/core/faults.ts",
    "packages/testing/src/core/request-log.ts",
    "packages/testing/src/operations/*.ts",
  ],
  thresholds: { high: 92, low: 87, break: 85 },
});

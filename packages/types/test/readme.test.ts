import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkReadmeSnippets } from "../../../scripts/lib/typecheck.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

// The TypeScript compiler type-checks the snippets against the sources: a few seconds on an idle
// machine, several times that on a busy 2-core CI machine running other packages' tests alongside.
describe("README", () => {
  it("has TypeScript examples that compile against the package", () => {
    const { blocks, problems } = checkReadmeSnippets({
      readme: `${packageDir}/README.md`,
      packageDir,
      paths: {
        "@cf-user-groups/types": [`${packageDir}/src/index.ts`],
        "@cf-user-groups/types/openapi.json": [`${packageDir}/src/generated/openapi.json`],
      },
    });
    expect(problems).toEqual([]);
    expect(blocks).toBe(3);
  }, 120_000);
});

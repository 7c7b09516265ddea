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
        "@cf-user-groups/client": [`${packageDir}/src/index.ts`],
        "@cf-user-groups/client/raw": [`${packageDir}/src/raw.ts`],
      },
      lib: ["lib.dom.d.ts", "lib.dom.iterable.d.ts", "lib.es2018.asynciterable.d.ts"],
    });
    expect(problems).toEqual([]);
    expect(blocks).toBe(12);
  }, 120_000);
});

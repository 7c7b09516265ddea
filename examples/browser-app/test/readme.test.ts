import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkReadmeSnippets } from "../../../scripts/lib/typecheck.js";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const packages = fileURLToPath(new URL("../../../packages", import.meta.url));

// The TypeScript compiler type-checks the snippets against the sources: a few seconds on an idle
// machine, several times that on a busy 2-core CI machine running other packages' tests alongside.
describe("README", () => {
  it("has a TypeScript example that compiles against the packages", () => {
    const { blocks, problems } = checkReadmeSnippets({
      readme: `${exampleDir}/README.md`,
      packageDir: exampleDir,
      paths: {
        "@cf-user-groups/client": [`${packages}/client/src/index.ts`],
        "@cf-user-groups/testing": [`${packages}/testing/src/index.ts`],
      },
      lib: ["lib.dom.d.ts", "lib.dom.iterable.d.ts", "lib.es2018.asynciterable.d.ts"],
    });
    expect(problems).toEqual([]);
    expect(blocks).toBe(1);
  }, 120_000);
});

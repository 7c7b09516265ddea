import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** The ```ts code blocks of a Markdown file, with the line each starts on. */
export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match; match = pattern.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, match.index).split("\n").length + 1, code: match[1] ?? "" });
  }
  return blocks;
}

/**
 * Type-checks each ```ts block of a README as its own ES module, the way a user
 * would paste it, with the package's own name mapped to its sources. Returns
 * one formatted diagnostic per problem (empty when every block compiles).
 */
export function checkReadmeSnippets(options: {
  readme: string;
  packageDir: string;
  paths: Record<string, string[]>;
}): { blocks: number; problems: string[] } {
  const blocks = typescriptBlocks(readFileSync(options.readme, "utf8"));
  // Inside the package's node_modules, so imports of its devDependencies resolve.
  const dir = join(options.packageDir, "node_modules/.cache/readme-snippets");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const files = blocks.map((block, index) => {
      const file = join(dir, `block-${index}-line-${block.line}.mts`);
      writeFileSync(file, block.code);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      paths: options.paths,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const blockLine = Number(/line-(\d+)/.exec(diagnostic.file.fileName)?.[1] ?? 0);
      return `README line ${blockLine + line}: ${message}`;
    });
    return { blocks: blocks.length, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

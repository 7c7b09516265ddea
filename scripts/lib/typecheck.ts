// Type-checks TypeScript that lives outside a project's own files: README code
// blocks, and generated variants of test files. Used by the packages' tests.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

export interface TypecheckOptions {
  /**
   * Where the files are written, each call in a fresh folder of its own inside it (so two test
   * runs at once do not delete each other's files); inside a package's node_modules, so its
   * dependencies resolve.
   */
  dir: string;
  /** Module specifiers mapped to source files, e.g. the package's own name to its `src/index.ts`. */
  paths?: Record<string, string[]>;
  /** Extra `lib` entries, e.g. `lib.dom.d.ts` for code that uses fetch types. */
  lib?: string[];
}

/**
 * Type-checks each source as its own ES module under strict settings, and
 * returns one formatted diagnostic per problem (empty when all compile).
 * `name` labels a source in the diagnostics.
 */
export function typecheckSources(
  sources: { name: string; code: string }[],
  options: TypecheckOptions,
): string[] {
  mkdirSync(options.dir, { recursive: true });
  const dir = mkdtempSync(join(options.dir, "run-"));
  try {
    const files = new Map(
      sources.map((source, index) => {
        const file = join(dir, `source-${index}.mts`);
        writeFileSync(file, source.code);
        return [file, source.name] as const;
      }),
    );
    const program = ts.createProgram([...files.keys()], {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts", ...(options.lib ?? [])],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      paths: options.paths ?? {},
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const name = files.get(diagnostic.file.fileName) ?? diagnostic.file.fileName;
      return `${name}, line ${line + 1}: ${message}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Type-checks each ```ts block of a README as its own ES module, the way a
 * user would paste it. Diagnostics name the README line.
 */
export function checkReadmeSnippets(options: {
  readme: string;
  packageDir: string;
  paths: Record<string, string[]>;
  lib?: string[];
}): { blocks: number; problems: string[] } {
  const blocks = typescriptBlocks(readFileSync(options.readme, "utf8"));
  const problems = typecheckSources(
    blocks.map((block) => ({ name: `README block at line ${block.line}`, code: block.code })),
    {
      dir: join(options.packageDir, "node_modules/.cache/readme-snippets"),
      paths: options.paths,
      lib: options.lib ?? [],
    },
  ).map((problem) =>
    // Report README lines rather than lines within the block.
    problem.replace(
      /^README block at line (\d+), line (\d+)/,
      (_, start, line) => `README line ${Number(start) + Number(line) - 1}`,
    ),
  );
  return { blocks: blocks.length, problems };
}

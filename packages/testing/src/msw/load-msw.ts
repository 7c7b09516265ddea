/**
 * msw, loaded on first use of `mock.handlers`, so the rest of the package
 * (the store, `mock.fetch`, the controls) works without msw installed.
 *
 * In Node it is required synchronously from this package's location: msw's
 * `module-sync` export condition makes `require("msw")` return the same ES
 * module instance that `import "msw"` does. Browser bundles take the
 * package's `browser` entry, which imports msw and hands it over with
 * {@link provideMsw}.
 */

/** The part of msw the handlers use. */
export type MswModule = typeof import("msw");

let loaded: MswModule | undefined;

/** Hands msw over (the browser entry does, with its static import). */
export function provideMsw(msw: MswModule): void {
  loaded = msw;
}

/** The oldest Node msw 3 supports; msw 3 on older Node fails later with `Promise.withResolvers is not a function`. */
const MSW3_NODE = [22, 12] as const;

const INSTALL = "npm i -D msw@2 on Node 20, or npm i -D msw on Node 22.12 and later";

/** msw, or an error saying exactly what to install. */
export function loadMsw(): MswModule {
  if (loaded) return loaded;
  type NodeModule = { createRequire(from: string): (id: string) => unknown };
  const process = (
    globalThis as { process?: { getBuiltinModule?(id: string): unknown; versions?: { node?: string } } }
  ).process;
  const nodeModule = process?.getBuiltinModule?.("node:module") as NodeModule | undefined;
  if (!nodeModule) {
    throw new Error(
      "mock.handlers needs msw, and this runtime cannot load it on demand. Import the package through a bundler " +
        "(its browser entry loads msw), or use mock.fetch, which needs no msw.",
    );
  }
  loaded = mswFrom(nodeModule.createRequire(import.meta.url), process?.versions?.node ?? "0.0.0");
  return loaded;
}

/**
 * msw through `require`, after checking that it is installed and that its
 * major version runs on this Node: the errors say what to install.
 */
export function mswFrom(require: (id: string) => unknown, nodeVersion: string): MswModule {
  let version: string;
  try {
    version = (require("msw/package.json") as { version: string }).version;
  } catch {
    throw new Error(
      `mock.handlers needs msw, which is not installed: ${INSTALL}. (mock.fetch needs no msw.)`,
    );
  }
  const [nodeMajor = 0, nodeMinor = 0] = nodeVersion.split(".").map(Number);
  const tooOld = nodeMajor < MSW3_NODE[0] || (nodeMajor === MSW3_NODE[0] && nodeMinor < MSW3_NODE[1]);
  if (Number(version.split(".")[0]) >= 3 && tooOld) {
    throw new Error(
      `msw ${version} needs Node ${MSW3_NODE.join(".")} or later, and this is Node ${nodeVersion}. ` +
        `Install msw 2 instead (npm i -D msw@2), or run on Node ${MSW3_NODE.join(".")} or later.`,
    );
  }
  return require("msw") as MswModule;
}

/**
 * The fake as a local HTTP server (Node only). Also runs as the
 * `cf-user-groups-mock` command.
 *
 * @example
 * ```ts
 * import { startMockServer } from "@cf-user-groups/testing/server";
 *
 * const server = await startMockServer({ port: 8787 });
 * console.log(server.baseURL);
 * ```
 *
 * @module
 */

export type { Fake, UserGroupsMockOptions } from "../core/fake.js";
export type { CorsOption } from "../http/cors.js";
export type { AllowedHosts } from "../http/host-check.js";
export { BASE_PATH, type MockServer, type MockServerOptions, startMockServer } from "./start-mock-server.js";

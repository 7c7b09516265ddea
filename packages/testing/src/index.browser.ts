/**
 * The package's entry for browser bundles (the `browser` export condition):
 * the same exports, with msw imported up front, since a browser cannot load
 * it on demand.
 *
 * @module
 */

import * as msw from "msw";
import { provideMsw } from "./msw/load-msw.js";

provideMsw(msw);

export * from "./index.js";

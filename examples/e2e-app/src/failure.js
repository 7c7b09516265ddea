// What a person sees when a call to Cloudflare fails: one sentence with the
// status, and the HTTP status the app answers with. The page still renders.

import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@cf-user-groups/client";

/**
 * @typedef {object} Failure
 * @property {number} status The status the app answers with.
 * @property {string} message A sentence for the error banner.
 */

/**
 * Turns a failed API call into a banner message, or returns undefined for
 * anything that is not an API failure (a bug in the app, which should not be
 * dressed up as Cloudflare's fault).
 *
 * @param {unknown} error
 * @returns {Failure | undefined}
 * @example
 * describeFailure(new InternalServerError(503, …)); // { status: 502, message: "Cloudflare is unavailable (503), try again." }
 */
export function describeFailure(error) {
  // A timeout is a connection error too, so it is checked first.
  if (error instanceof APIConnectionTimeoutError) {
    return { status: 504, message: "Cloudflare did not answer in time, try again." };
  }
  if (error instanceof APIConnectionError) {
    return { status: 502, message: "Cloudflare could not be reached, try again." };
  }
  if (!(error instanceof APIError) || error.status === undefined) return undefined;

  const { status } = error;
  // Cloudflare's messages are sentences; the banner adds its own full stop.
  const details = error.errors.map((entry) => entry.message.replace(/\.+$/, "")).join("; ");
  if (status >= 500) return { status: 502, message: `Cloudflare is unavailable (${status}), try again.` };
  if (status === 429) {
    return { status: 503, message: "Cloudflare is rate limiting this app (429), try again in a minute." };
  }
  if (status === 401 || status === 403) {
    return { status: 502, message: `Cloudflare refused this app's credentials (${status}).` };
  }
  if (status === 404) return { status: 404, message: `Not found (404)${details ? `: ${details}` : ""}.` };
  return {
    status: 400,
    message: `Cloudflare could not do that (${status})${details ? `: ${details}` : ""}.`,
  };
}

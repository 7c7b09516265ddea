/** Cloudflare's API, where a live run goes unless `CLOUDFLARE_BASE_URL` says otherwise. */
export const CLOUDFLARE_BASE_URL = "https://api.cloudflare.com/client/v4";

/** What a live run needs, all of it from the environment. */
export interface LiveConfig {
  token: string;
  accountId: string;
  baseURL: string;
  /** At least two distinct existing members of the account. */
  memberIds: [string, string, ...string[]];
  policy?: { permissionGroupId: string; resourceGroupId: string };
  scimGroupId?: string;
}

const ID = /^[0-9a-f]{32}$/;

/**
 * The live configuration from `env`, or every problem with it. Reads only;
 * nothing is sent anywhere. The token is never part of a message: a header
 * it cannot go into is reported by name only.
 *
 * @example
 * ```ts
 * const parsed = liveConfigFromEnv(process.env);
 * if ("problems" in parsed) for (const problem of parsed.problems) console.error(problem);
 * ```
 */
export function liveConfigFromEnv(
  env: Record<string, string | undefined>,
): { config: LiveConfig } | { problems: string[] } {
  const problems: string[] = [];
  const token = env.CLOUDFLARE_API_TOKEN ?? "";
  const accountId = (env.CLOUDFLARE_ACCOUNT_ID ?? "").trim();
  if (token === "") problems.push("CLOUDFLARE_API_TOKEN is not set.");
  // Printable ASCII without spaces: anything else cannot go into an Authorization header.
  else if (!/^[\x21-\x7e]+$/.test(token))
    problems.push("CLOUDFLARE_API_TOKEN holds characters a token cannot have.");
  if (accountId === "") problems.push("CLOUDFLARE_ACCOUNT_ID is not set.");
  else if (!ID.test(accountId)) problems.push("CLOUDFLARE_ACCOUNT_ID is not a 32-character hex id.");

  const memberIds = [
    ...new Set(
      (env.CLOUDFLARE_CONTRACT_MEMBER_IDS ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  if (memberIds.length < 2) {
    problems.push(
      "CLOUDFLARE_CONTRACT_MEMBER_IDS must list at least two distinct members of the account, comma-separated (the suite adds them to groups it creates).",
    );
  } else if (!memberIds.every((id) => ID.test(id))) {
    problems.push("CLOUDFLARE_CONTRACT_MEMBER_IDS must hold 32-character hex ids only.");
  }

  let baseURL = CLOUDFLARE_BASE_URL;
  if (env.CLOUDFLARE_BASE_URL) {
    try {
      const url = new URL(env.CLOUDFLARE_BASE_URL);
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("not http");
      baseURL = url.href.replace(/\/+$/, "");
    } catch {
      problems.push("CLOUDFLARE_BASE_URL is not an http(s) URL.");
    }
  }

  const permissionGroupId = env.CLOUDFLARE_CONTRACT_PERMISSION_GROUP_ID?.trim();
  const resourceGroupId = env.CLOUDFLARE_CONTRACT_RESOURCE_GROUP_ID?.trim();
  if (Boolean(permissionGroupId) !== Boolean(resourceGroupId)) {
    problems.push(
      "Set both CLOUDFLARE_CONTRACT_PERMISSION_GROUP_ID and CLOUDFLARE_CONTRACT_RESOURCE_GROUP_ID, or neither.",
    );
  } else if (
    permissionGroupId &&
    resourceGroupId &&
    !(ID.test(permissionGroupId) && ID.test(resourceGroupId))
  ) {
    problems.push("The permission and resource group ids must be 32-character hex ids.");
  }
  const scimGroupId = env.CLOUDFLARE_CONTRACT_SCIM_GROUP_ID?.trim();
  if (scimGroupId && !ID.test(scimGroupId)) {
    problems.push("CLOUDFLARE_CONTRACT_SCIM_GROUP_ID is not a 32-character hex id.");
  }

  if (problems.length > 0) return { problems };
  return {
    config: {
      token,
      accountId,
      baseURL,
      memberIds: memberIds as [string, string, ...string[]],
      ...(permissionGroupId && resourceGroupId ? { policy: { permissionGroupId, resourceGroupId } } : {}),
      ...(scimGroupId ? { scimGroupId } : {}),
    },
  };
}

// The exported option and record types against literal shapes written out
// here, never against the source's own aliases: a type that became `any`, or
// lost or loosened a field, fails. Intersections are compared `.branded`.

import type { OperationId, Policy, ResponseMessage } from "@cf-user-groups/types";
import { describe, expectTypeOf, it } from "vitest";
import type {
  AccountMember,
  AccountState,
  AuthOption,
  ErrorStatus,
  FailOptions,
  FaultScope,
  LoggedRequest,
  MockSnapshot,
  NetworkErrorOptions,
  OperationTarget,
  OverrideOptions,
  OverrideResponse,
  PolicySeed,
  RateLimitOptions,
  RateLimitQuirk,
  RateLimitQuirkOptions,
  RateLimitState,
  RequestFilter,
  SeedData,
  UserGroupSeed,
} from "../../src/index.js";

type Statuses = 400 | 401 | 403 | 404 | 405 | 408 | 409 | 410 | 422 | 429 | 500 | 502 | 503 | 504;
type Member = {
  id: string;
  email?: string;
  status?: "accepted" | "pending";
  user?: { id?: string; email?: string; first_name?: string; last_name?: string };
};
type Failure = { success: false; errors: ResponseMessage[]; messages: ResponseMessage[]; result: null };

describe("overrides", () => {
  it("ErrorStatus lists the error statuses an override can answer with", () => {
    expectTypeOf<ErrorStatus>().toEqualTypeOf<Statuses>();
  });

  it("OverrideResponse is the operation's success envelope with 200, or a failure envelope with an error status", () => {
    expectTypeOf<OverrideResponse<"deleteUserGroup">>().branded.toEqualTypeOf<
      | {
          status?: 200;
          body: {
            success: true;
            errors: ResponseMessage[];
            messages: ResponseMessage[];
            result: { id: string };
          };
          headers?: Record<string, string>;
        }
      | { status: Statuses; body: Failure; headers?: Record<string, string> }
    >();
  });

  it("OverrideOptions", () => {
    expectTypeOf<OverrideOptions>().toEqualTypeOf<{ once?: boolean; validate?: boolean }>();
  });
});

describe("faults", () => {
  it("FailOptions, FaultScope, NetworkErrorOptions and OperationTarget", () => {
    expectTypeOf<FailOptions>().toEqualTypeOf<{
      status?: number;
      errors?: ResponseMessage[];
      retryAfter?: number;
      times?: number;
      accountId?: string;
    }>();
    expectTypeOf<FaultScope>().toEqualTypeOf<{ accountId?: string }>();
    expectTypeOf<NetworkErrorOptions>().toEqualTypeOf<{
      accountId?: string;
      times?: number;
      afterApply?: boolean;
    }>();
    expectTypeOf<OperationTarget>().toEqualTypeOf<OperationId | "*">();
  });

  it("rate limit quirks", () => {
    expectTypeOf<RateLimitQuirk>().toEqualTypeOf<"retry-after-in-body" | "null-body" | "empty-body">();
    expectTypeOf<RateLimitQuirkOptions>().toEqualTypeOf<{
      accountId?: string;
      quirk: "retry-after-in-body" | "null-body" | "empty-body";
      retryAfter?: number;
      times?: number;
    }>();
  });

  it("rate limits", () => {
    expectTypeOf<RateLimitOptions>().toEqualTypeOf<{
      requests?: number;
      windowSeconds?: number;
      blockSeconds?: number;
    }>();
    expectTypeOf<RateLimitState>().branded.toEqualTypeOf<
      { enabled: false } | { enabled: true; requests: number; windowSeconds: number; blockSeconds: number }
    >();
  });
});

describe("the request log", () => {
  it("LoggedRequest", () => {
    expectTypeOf<LoggedRequest>().toEqualTypeOf<{
      operationId: OperationId | undefined;
      method: string;
      path: string;
      params: Record<string, string>;
      query: Record<string, string>;
      body: unknown;
      bodyBytes?: number;
      bodyTruncated?: true;
      headers: Record<string, string>;
      status: number | "network-error" | "aborted";
      source: "fake" | "fault" | "override" | "server";
      violation?: string;
      at: string;
    }>();
  });

  it("RequestFilter", () => {
    expectTypeOf<RequestFilter>().toEqualTypeOf<{
      operationId?: OperationId | undefined;
      status?: number | undefined;
      accountId?: string | undefined;
    }>();
  });
});

describe("data", () => {
  it("seeds", () => {
    expectTypeOf<AccountMember>().toEqualTypeOf<Member>();
    expectTypeOf<UserGroupSeed>().toEqualTypeOf<{
      id?: string;
      name: string;
      status?: string;
      managedBySCIM?: boolean;
      policies?: PolicySeed[];
      created_on?: string;
      modified_on?: string;
      members?: string[];
    }>();
    type ResourceGroup = NonNullable<Policy["resource_groups"]>[number];
    expectTypeOf<PolicySeed>().branded.toEqualTypeOf<{
      id?: string;
      access?: "allow" | "deny";
      permission_groups?: NonNullable<Policy["permission_groups"]>;
      resource_groups?: {
        id: string;
        scope?: ResourceGroup["scope"];
        meta?: { key?: string; value?: string };
        name?: string;
      }[];
    }>();
    expectTypeOf<AuthOption>().toEqualTypeOf<
      boolean | { tokens?: string[]; keys?: { key: string; email: string }[] }
    >();
    expectTypeOf<SeedData>().branded.toEqualTypeOf<{
      accountId?: string;
      accountMembers?: Member[];
      groups?: UserGroupSeed[];
      auth?: AuthOption;
    }>();
  });

  it("snapshots", () => {
    expectTypeOf<AccountState>().toEqualTypeOf<{
      directory: AccountMember[];
      groups: {
        id: string;
        name: string;
        status: string;
        created_on: string;
        modified_on: string;
        policies: Policy[];
      }[];
      memberships: Record<string, Record<string, string>>;
      managedBySCIM?: string[];
    }>();
    expectTypeOf<MockSnapshot>().toEqualTypeOf<{
      version: 1;
      accountId: string;
      idsUsed: number;
      accounts: Record<string, AccountState>;
    }>();
  });
});

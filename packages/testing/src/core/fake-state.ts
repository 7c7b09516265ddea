import type { OperationId } from "@cf-user-groups/types";
import type { AuthOption } from "./auth.js";
import { createClock, type MockClock } from "./clock.js";
import { Faults } from "./faults.js";
import { IdSequence } from "./ids.js";
import { checkMockOptions, DEFAULT_MAX_BODY_BYTES, type UserGroupsMockOptions } from "./mock-options.js";
import { CLOUDFLARE_RATE_LIMIT, RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import type { LoggedRequest } from "./request-log.js";
import { findViolation, type ResponseValidationError } from "./response-validation.js";
import { seedStore } from "./seed.js";
import type { MockStore } from "./store.js";

/** Keeps isolated account ids apart from the ids the fake assigns to groups and policies. */
const ISOLATED_ACCOUNT_SALT = 0x15a1a7ed;

/**
 * Everything a fake holds. The request pipeline reads and changes it; the
 * controls (in-process and over HTTP) change it. One object, so both always
 * see the same fake.
 */
export class FakeState {
  readonly seed: number;
  readonly validateResponses: boolean;
  readonly requestLogLimit: number;
  readonly maxBodyBytes: number;
  readonly scrambleOrder: boolean;
  /** The rate limit the fake was created with; `reset()` returns to it. */
  readonly configuredRateLimit: Required<RateLimitOptions> | undefined;
  /** The rate limit in force, if any. */
  rateLimiter: RateLimiter | undefined;
  /** What `reset()` returns to: the seeded store, how many ids seeding took, the credentials accepted. */
  readonly seeded: { readonly store: MockStore; readonly idsUsed: number; readonly auth: AuthOption };
  readonly faults = new Faults();
  readonly requests: LoggedRequest[] = [];
  readonly violations: ResponseValidationError[] = [];
  readonly clock: MockClock;
  store!: MockStore;
  ids!: IdSequence;
  auth!: AuthOption;
  isolatedIds!: IdSequence;

  constructor(options: UserGroupsMockOptions) {
    checkMockOptions(options);
    this.seed = options.seed ?? 1;
    this.validateResponses = options.validateResponses ?? true;
    this.requestLogLimit = options.requestLogLimit ?? Number.POSITIVE_INFINITY;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.scrambleOrder = options.scrambleOrder ?? false;
    const { rateLimit } = options;
    this.configuredRateLimit =
      rateLimit === true
        ? CLOUDFLARE_RATE_LIMIT
        : rateLimit
          ? { ...CLOUDFLARE_RATE_LIMIT, ...rateLimit }
          : undefined;
    this.clock = createClock(options.now ?? (() => new Date()));
    const ids = new IdSequence(this.seed);
    // The seeded store is built once and copied on reset, so the seed data itself need not be kept.
    const { store } = seedStore(options, () => ids.next(), this.clock.now().toISOString());
    this.seeded = { store, idsUsed: ids.used, auth: options.auth ?? true };
    this.rebuild();
  }

  /** The account the seeded data belongs to. */
  get accountId(): string {
    return this.seeded.store.defaultAccountId;
  }

  /** Back to the seeded data, id sequence, credentials and rate limit (with its counts cleared). */
  rebuild(): void {
    this.rateLimiter = this.configuredRateLimit && new RateLimiter(this.configuredRateLimit);
    this.store = this.seeded.store.clone();
    this.ids = new IdSequence(this.seed, this.seeded.idsUsed);
    this.auth = this.seeded.auth;
    this.isolatedIds = new IdSequence(this.seed ^ ISOLATED_ACCOUNT_SALT);
  }

  /** Adds a request to the log, stamped with the fake's time, dropping the oldest past `requestLogLimit`. */
  record(entry: LoggedRequest): void {
    entry.at = this.clock.now().toISOString();
    this.requests.push(entry);
    if (this.requests.length > this.requestLogLimit) {
      this.requests.splice(0, this.requests.length - this.requestLogLimit);
    }
  }

  /** Checks a response against the spec (when `validateResponses` is on), recording a violation on its log entry. */
  check(operationId: OperationId, status: number, body: unknown, entry: LoggedRequest): void {
    if (!this.validateResponses) return;
    const violation = findViolation(operationId, status, body);
    if (!violation) return;
    this.violations.push(violation);
    entry.violation = violation.message;
  }
}

import { show } from "./errors.js";

type LogFn = (message: string, ...rest: unknown[]) => void;

/**
 * Where the client's log goes: an object with the four methods (`console` by
 * default, or pino, winston, …). The official SDK's `Logger`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const logger: Logger = { error: console.error, warn: console.warn, info: console.info, debug: (...args) => lines.push(JSON.stringify(args)) };
 * ```
 */
export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

/**
 * How much the client logs, from nothing to everything: `"debug"` shows each
 * request, response, retry and page; `"info"` the retries; `"warn"` (the
 * default) and `"error"` problems. The official SDK's `LogLevel`.
 *
 * @example
 * ```ts
 * const level: LogLevel = process.env.CI ? "warn" : "debug";
 * ```
 */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * The logger's methods for the levels that are on; the others are absent, so
 * a call at a level that is off (`log.debug?.(…)`) does not even build its arguments.
 */
export type Log = Partial<Logger>;

const LEVELS = ["off", "error", "warn", "info", "debug"];

/**
 * The log a client writes to, chosen as the official SDK chooses it: the
 * `logLevel` option, else `CLOUDFLARE_LOG` (`fromEnv`), else `"warn"`. A value
 * that is not a level is passed over with the SDK's warning, word for word.
 * A logger without a method the level needs is refused, before anything is sent.
 */
export function resolveLog(
  level: unknown,
  fromEnv: string | undefined,
  logger: Logger,
  fail: (problem: string) => never,
): Log {
  const pick = (value: unknown, source: string): string | undefined => {
    if (value == null || LEVELS.includes(value as string)) return value as string | undefined;
    // `show`, not JSON.stringify: a BigInt or a cycle must not crash the constructor.
    // A `warn` that is not a function is refused below with a CloudflareError, not a TypeError here.
    if (typeof logger?.warn === "function")
      logger.warn(`${source} was set to ${show(value)}, expected one of ${show(LEVELS)}`);
    return undefined;
  };
  const on = LEVELS.indexOf(
    pick(level, "ClientOptions.logLevel") ?? pick(fromEnv, "process.env['CLOUDFLARE_LOG']") ?? "warn",
  );
  return Object.fromEntries(
    (LEVELS.slice(1, on + 1) as (keyof Logger)[]).map((method) => [
      method,
      typeof logger?.[method] === "function"
        ? logger[method].bind(logger)
        : fail(`\`logger\` has no ${method} method.`),
    ]),
  );
}

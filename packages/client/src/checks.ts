import { CloudflareError, show } from "./errors.js";

/**
 * `value` if it is a whole number from `least` (to `most`); otherwise a
 * `CloudflareError` naming the option, thrown before anything is sent.
 */
export function checkWhole(name: string, value: unknown, least: number, most?: number): number {
  // `> undefined` is false: no upper bound.
  return !(Number.isInteger(value) && (value as number) >= least) || (value as number) > (most as number)
    ? invalid(name, `a whole number from ${least}${most ? ` to ${most}` : ""}`, value)
    : (value as number);
}

/**
 * Whether fetch would send a header `name: value` (a string): asked of
 * `Headers` itself, so the rules are exactly fetch's, but its error, which
 * quotes the value, never surfaces.
 */
export function isHeader(name: string, value: unknown): boolean {
  try {
    new Headers([[name, value as string]]);
    return typeof value === "string";
  } catch {
    return false;
  }
}

/**
 * Checks headers before fetch sees them, naming the header but never its
 * value (it may be a credential), and lower-cases their names: one spelling
 * per name keeps `{ ...a, ...b }` an override, not a merge.
 */
export const checkHeaders = (
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined =>
  headers &&
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (!isHeader(name, value))
        throw new CloudflareError(`header ${show(name)} has an invalid name or value (not shown).`);
      return [name.toLowerCase(), value];
    }),
  );

/**
 * Throws a `CloudflareError` saying what option or argument `name` must be,
 * before anything is sent, with the value it got when one is given (never
 * for a value that may be a credential).
 */
export function invalid(name: string, must: string, ...got: unknown[]): never {
  throw new CloudflareError(`\`${name}\` must be ${must}${got.length ? `, got ${show(got[0])}` : ""}.`);
}

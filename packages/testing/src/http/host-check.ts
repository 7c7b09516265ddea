/**
 * Which `Host`s the HTTP server answers, besides loopback names and IP
 * addresses: `true` for any, or a list of host names, where an entry
 * starting with a dot (`.example.com`) also allows its subdomains. Named
 * after Vite's `server.allowedHosts`, which guards dev servers the same way.
 *
 * @example
 * ```ts
 * await startMockServer({ host: "0.0.0.0", allowedHosts: ["api-fake", ".internal"] });
 * ```
 */
export type AllowedHosts = true | readonly string[];

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Whether a request for `hostname` (as a parsed URL gives it: lower case,
 * IPv6 in brackets) may be served. Loopback names and IP addresses always
 * may: a DNS-rebinding page can only reach the server through a name it
 * controls, so refusing other names keeps web pages the developer visits
 * from driving a local fake.
 */
export function isAllowedHost(
  hostname: string,
  listenHost: string,
  allowedHosts: AllowedHosts = [],
): boolean {
  if (allowedHosts === true) return true;
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name.startsWith("[") || IPV4.test(name)) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name === listenHost.toLowerCase().replace(/\.$/, "")) return true;
  return allowedHosts.some((entry) => {
    const allowed = entry.toLowerCase().replace(/\.$/, "");
    return allowed.startsWith(".") ? name === allowed.slice(1) || name.endsWith(allowed) : name === allowed;
  });
}

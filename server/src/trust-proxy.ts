import { BlockList, isIP } from "node:net";

/**
 * Which proxies may tell us the client's address and scheme (X-Forwarded-For/-Proto), as
 * Express's `trust proxy` function: `trusts(address, hop)` is asked for the socket's peer
 * (hop 0) and then for each X-Forwarded-For entry from the right; the first untrusted one
 * is the client. Never "trust everyone": a client could then name its own address.
 */
export interface TrustProxy {
  /** For logs and the ADR: "off", "1 hop", "10.0.0.0/8, loopback". */
  description: string;
  trusts(address: string, hop: number): boolean;
}

export const MAX_PROXY_HOPS = 10;

/** The same names Express (proxy-addr) accepts. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

const TRUST_NOBODY: TrustProxy = { description: "off", trusts: () => false };

/**
 * Parses TRUST_PROXY: empty, "0" or "false" (no proxy), a hop count 1–10, or a comma list of
 * proxy addresses, CIDR subnets and the names loopback, linklocal, uniquelocal.
 * Throws with a one-line reason for anything else, "true" and catch-all subnets included.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? "").trim();
  if (value === "" || value === "0" || value === "false") return TRUST_NOBODY;
  if (value === "true" || value === "*") {
    throw new Error(
      `"${value}" would let every client choose its own address (login throttling); give the number of proxies in front of the server (e.g. 1) or their addresses`,
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_PROXY_HOPS) throw new Error(`at most ${MAX_PROXY_HOPS} proxy hops, got ${hops}`);
    return { description: `${hops} hop${hops === 1 ? "" : "s"}`, trusts: (_address, hop) => hop < hops };
  }
  const list = new BlockList();
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    for (const range of NAMED_RANGES[entry] ?? [entry]) addRange(list, range, entry);
  }
  return { description: entries.join(", "), trusts: (address) => isListed(list, address) };
}

function addRange(list: BlockList, range: string, entry: string) {
  const [address = "", prefixText, ...rest] = range.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) throw new Error(`"${entry}" is not a hop count, an IP address, a subnet (10.0.0.0/8) or loopback/linklocal/uniquelocal`);
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return list.addAddress(address, type);
  const prefix = Number(prefixText);
  const max = family === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefixText) || prefix > max) throw new Error(`"${entry}" has an invalid prefix length`);
  if (prefix === 0) throw new Error(`"${entry}" would trust every address; list only your proxies`);
  list.addSubnet(address, prefix, type);
}

function isListed(list: BlockList, address: string): boolean {
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

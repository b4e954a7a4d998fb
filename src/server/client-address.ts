import type { IncomingMessage } from 'node:http';

/**
 * The client's address for per-address limits. With `trustedProxyHops` proxies in front
 * (a load balancer, the company's gateway), the address is read from X-Forwarded-For, counting
 * that many entries from the right: entries further left were written by the client and prove
 * nothing. Without trusted proxies it is the socket's peer.
 */
export function clientAddressOf(req: IncomingMessage, trustedProxyHops = 0): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxyHops] ?? forwarded[0] ?? peer;
}

import { Agent, request } from 'node:http';
import type { PublishSpec } from './protocol.js';

/** Publishes in flight at once; more wait in the agent's queue (and their latency shows it). */
const MAX_PUBLISH_SOCKETS = 64;
const PUBLISH_TIMEOUT_MS = 30_000;

/** Posts messages as `spec` says, over keep-alive connections. */
export class Publisher {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: MAX_PUBLISH_SOCKETS });
  private readonly url: URL;
  /** The first few failures, for the report. */
  readonly problems: string[] = [];

  constructor(private readonly spec: PublishSpec) {
    this.url = new URL(spec.url);
  }

  /** Resolves true when the server accepted the message (200 and no GraphQL errors). */
  publish(body: string): Promise<boolean> {
    const payload = JSON.stringify({
      query: this.spec.query,
      variables: { ...this.spec.variables, body },
    });
    return new Promise((resolve) => {
      const fail = (why: string) => {
        if (this.problems.length < 5) this.problems.push(why);
        resolve(false);
      };
      const outgoing = request(
        {
          agent: this.agent,
          method: 'POST',
          hostname: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          localAddress: '127.0.0.1',
          timeout: PUBLISH_TIMEOUT_MS,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...this.spec.headers,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            if (response.statusCode !== 200 || text.includes('"errors"')) {
              fail(`publish answered ${response.statusCode}: ${text.slice(0, 300)}`);
            } else {
              resolve(true);
            }
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('publish timed out')));
      outgoing.on('error', (error) => fail(`publish failed: ${error.message}`));
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The webhook POST: the one request the service sends out, so the address policy (lib/address-policy.ts)
 * is applied where the socket connects: a literal host before connecting, a name inside the DNS lookup of
 * the agent's connection — the address checked is the address used, so DNS rebinding cannot pass. Redirects
 * are not followed (a 3xx is a failure: the signed event never reaches another host). The outcome carries a
 * failure class, never the socket's error text.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { AddressPolicy } from '../../lib/address-policy.js';
import type { WebhookFailure } from '../../models/decision-feed.js';

export interface PostOutcome { status: number | null; failure?: WebhookFailure }

class TimeoutError extends Error {}

const failureOf = (status: number): WebhookFailure | undefined =>
  status < 300 ? undefined : status < 400 ? 'http_3xx' : status < 500 ? 'http_4xx' : 'http_5xx';

export class WebhookClient {
  private readonly agents: Record<'http:' | 'https:', http.Agent>;

  constructor(private readonly policy: AddressPolicy, private readonly timeoutMs: number) {
    this.agents = {
      'http:': new http.Agent({ keepAlive: true, lookup: policy.lookup('http:') }),
      'https:': new https.Agent({ keepAlive: true, lookup: policy.lookup('https:') }),
    };
  }

  post(target: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const url = new URL(target);
    const agent = url.protocol === 'https:' ? this.agents['https:'] : url.protocol === 'http:' ? this.agents['http:'] : null;
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    // The lookup is skipped for literal addresses: they are judged here.
    if (!agent || (isIP(literal) && !this.policy.address(literal, url.protocol).ok)) return Promise.resolve({ status: null, failure: 'refused_address' });
    return new Promise((resolve) => {
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const timer = setTimeout(() => req.destroy(new TimeoutError()), this.timeoutMs);
      req.on('response', (res) => {
        res.on('close', () => clearTimeout(timer));
        res.resume();
        const status = res.statusCode ?? 0;
        const failure = failureOf(status);
        resolve(failure ? { status, failure } : { status });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ status: null, failure: err instanceof TimeoutError ? 'timeout' : err.code === 'ERR_ADDRESS_REFUSED' ? 'refused_address' : 'connection_failed' });
      });
      req.end(body);
    });
  }

  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }
}

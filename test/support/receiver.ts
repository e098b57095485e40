/** A real webhook receiver on loopback (node:http): verifies every request with the Standard Webhooks library
 * (`standardwebhooks`, as a platform would) once given its secrets, records it, answers a chosen status after
 * a chosen delay, and can go down and come back on the same port. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  /** Date.now() when the request ended */
  at: number;
  /** null while the receiver has no secrets; else whether one of them verified the request */
  verified: boolean | null;
}

/** The Standard Webhooks check of one request with one secret (signature, id, timestamp within 5 minutes). */
export function verifies(secret: string, req: Pick<ReceivedRequest, 'headers' | 'body'>): boolean {
  try {
    new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** the status answered to the next requests */
  status: number;
  /** how long the next requests wait for their answer */
  delayMs: number;
  /** when set, a request none of them verifies is answered 401 */
  secrets: string[];
  /** the most requests ever waiting for their answer at once */
  maxOpen: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** distinct event ids received with a 2xx answer */
  delivered(): Set<string>;
  waitFor(predicate: (r: Receiver) => boolean, timeoutMs?: number): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let server: Server | null = null;
  let port = 0;
  const accepted = new Set<string>();
  const receiver: Receiver = {
    url: '',
    received: [],
    status: 200,
    delayMs: 0,
    secrets: [],
    maxOpen: 0,
    async start() {
      let open = 0;
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try { json = JSON.parse(body); } catch { /* recorded as is */ }
          const verified = receiver.secrets.length ? receiver.secrets.some((s) => verifies(s, { headers: req.headers, body })) : null;
          receiver.received.push({ headers: req.headers, body, json, at: Date.now(), verified });
          const status = verified === false ? 401 : receiver.status;
          let gone = false;
          receiver.maxOpen = Math.max(receiver.maxOpen, ++open);
          res.on('close', () => { gone = true; open--; });
          // A sender that gave up before the answer (its timeout) did not deliver.
          const answer = () => {
            if (gone) return;
            if (status >= 200 && status < 300) accepted.add((json as { id?: string } | null)?.id ?? '');
            res.writeHead(status).end();
          };
          if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs).unref();
          else answer();
        });
      });
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as { port: number }).port;
      receiver.url = `http://127.0.0.1:${port}/hooks`;
    },
    async stop() {
      if (!server) return;
      const s = server;
      server = null;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
    delivered: () => accepted,
    async waitFor(predicate, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met in ${timeoutMs} ms (${receiver.received.length} requests)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  await receiver.start();
  return receiver;
}

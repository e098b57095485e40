/** A real webhook receiver on loopback (node:http): records every request, answers a chosen status, and
 * can go down and come back on the same port. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';

export interface ReceivedRequest { headers: IncomingHttpHeaders; body: string; json: any }

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** the status answered to the next requests */
  status: number;
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
    async start() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try { json = JSON.parse(body); } catch { /* recorded as is */ }
          receiver.received.push({ headers: req.headers, body, json });
          const status = receiver.status;
          if (status >= 200 && status < 300) accepted.add((json as { id?: string } | null)?.id ?? '');
          res.writeHead(status).end();
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

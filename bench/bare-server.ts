/** Baseline for bench:intake: a bare Express endpoint that only parses JSON and awaits one BullMQ add,
 * plus (with NOOP_WORKER=1) a worker that does nothing — the floor the real service is compared with. */
import express from 'express';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL!;
const connection = new Redis(url, { maxRetriesPerRequest: null });
const queue = new Queue('bare', { connection });
const app = express();
app.use(express.json({ limit: '1mb' }));
app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
app.post('/bare', async (req, res) => {
  const job = await queue.add('bare', req.body, { removeOnComplete: true });
  res.status(202).json({ id: job.id, status: 'queued' });
});
app.post('/bare/batch', async (req, res) => {
  const proposals = (req.body as { proposals: unknown[] }).proposals;
  const jobs = await queue.addBulk(proposals.map((p) => ({ name: 'bare', data: p, opts: { removeOnComplete: true } })));
  res.status(202).json({ items: jobs.map((j) => ({ id: j.id, status: 'queued' })) });
});
let processed = 0;
app.get('/processed', (_req, res) => { res.json({ processed }); });
if (process.env.NOOP_WORKER === '1') {
  const worker = new Worker('bare', async () => undefined, { connection: new Redis(url, { maxRetriesPerRequest: null }), concurrency: 50 });
  worker.on('completed', () => { processed++; });
  process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
} else {
  process.on('SIGTERM', () => process.exit(0));
}
app.listen(Number(process.env.PORT), '127.0.0.1');

/**
 * Webhook receivers for tests, on loopback: one that takes every request and never answers (a
 * dead endpoint), and one that answers 204 at once and notes when each message first arrived
 * and how often each delivery (its `webhook-id`) came.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Json } from './api-client';

/** A receiver that takes every request and never answers. */
export async function hangingReceiver(): Promise<{ url: string; open: () => number; received: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = 0;
  let received = 0;
  const server = http.createServer((req) => {
    received++;
    open++;
    req.socket.once('close', () => open--);
    req.resume();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => open,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A receiver that answers 204 at once and notes when each message arrived. */
export interface ReceivedMessage {
  at: number;
  webhookId: string;
  body: Json;
}

export async function healthyReceiver(): Promise<{ url: string; arrivals: Map<string, number>; messages: ReceivedMessage[]; close: () => Promise<void> }> {
  const arrivals = new Map<string, number>();
  const messages: ReceivedMessage[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      if (!arrivals.has(body.data.id)) arrivals.set(body.data.id, at);
      messages.push({ at, webhookId: String(req.headers['webhook-id']), body });
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, arrivals, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}


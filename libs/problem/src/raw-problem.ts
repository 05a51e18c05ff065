/**
 * Problems answered below Nest: by Express middleware before a route is chosen (a body that is
 * not JSON, nested too deep), and by Node's HTTP server before Express sees the request at all
 * (headers too large). Same body as ProblemDetailsFilter gives.
 */
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ProblemException } from './problem.exception';

/** Answers a request with a problem on a response nothing has been written to yet. */
export function sendProblem(res: ServerResponse, problem: ProblemException, instance?: string): void {
  const body = JSON.stringify(problem.body(instance));
  res.statusCode = problem.problem.status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * Answers on a bare socket, as a whole HTTP/1.1 response, and closes the connection. Node's
 * parser keeps reading what the client still sends (and reports each chunk as another error),
 * so the client gets this answer rather than a reset connection; later reports are ignored.
 */
export function writeProblemToSocket(socket: Socket, problem: ProblemException): void {
  if (socket.writableEnded || socket.destroyed) return;
  const body = JSON.stringify(problem.body());
  const { status } = problem.problem;
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
  // A client that keeps sending after the answer does not hold the socket open for long.
  setTimeout(() => socket.destroy(), 5_000).unref();
}

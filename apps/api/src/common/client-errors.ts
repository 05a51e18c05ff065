/**
 * Requests Node's HTTP server refuses before Express sees them: headers over its limit (16 KB
 * by default), a request line it cannot parse, a client too slow to send its headers. Node
 * would answer with a bare status line; these get a problem+json body like every other error.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { problem, PROBLEMS, ProblemException, writeProblemToSocket } from '@throughcare/problem';

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    writeProblemToSocket(socket, problemFor(err.code));
  });
}

function problemFor(code: string | undefined): ProblemException {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem(PROBLEMS.headersTooLarge, 'The request headers are larger than the server accepts; send a smaller request');
    case 'HPE_HEADERS_TIMEOUT':
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(PROBLEMS.requestTimeout, 'The request was not received in time');
    default:
      return problem(PROBLEMS.badRequest, 'The request is not well-formed HTTP');
  }
}

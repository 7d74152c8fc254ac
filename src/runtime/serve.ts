import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProblemCode } from '../core/problem-codes.js';

// The second argument is @hono/node-server's bindings (the Node request and response): passed on,
// so getConnInfo() can read the client's address.
type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** The answer Node itself gives to a request it cannot parse, as problem+json like the app's. */
function rawProblem(status: number, code: ProblemCode, title: string, detail: string): string {
  const body = JSON.stringify({
    type: `urn:kindling:problem:${code}`,
    title,
    status,
    detail,
    code,
    requestId: 'none',
  });
  return [
    `HTTP/1.1 ${status} ${title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

const CLIENT_ERRORS: Record<string, [number, ProblemCode, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'header_too_large',
    'Request Header Fields Too Large',
    'The request headers are larger than the server accepts (16 KiB in all).',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'request_timeout',
    'Request Timeout',
    'The request was not received in time. Nothing was written.',
  ],
};

/**
 * Node's HTTP parser answers malformed requests itself, before the app sees them: with a bare
 * status line. This answers them as problem+json, like every other error.
 */
function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, title, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [
      400,
      'bad_request',
      'Bad Request',
      'The request could not be parsed as HTTP. Nothing was written.',
    ];
    socket.end(rawProblem(status, code, title, detail));
  });
}

const QUIET_MS = 250;

const STOPPING = JSON.stringify({
  type: 'urn:kindling:problem:service_stopping',
  title: 'The service is stopping',
  status: 503,
  detail: 'The service is stopping for a moment. Nothing was written; send the request again.',
  code: 'service_stopping',
  requestId: 'none',
});

export interface RunningServer {
  server: Server;
  address: AddressInfo;
  /** Requests accepted and not yet answered. */
  inFlight(): number;
  /**
   * Stops accepting, lets requests in flight finish (at most `graceMs`, then cuts what is
   * left and says how many), and resolves once the listener is closed.
   */
  drain(graceMs: number): Promise<{ cut: number }>;
}

/**
 * Serves `fetch` and counts requests in flight, so a shutdown can wait for exactly them. Once
 * draining, answers carry `Connection: close` so keep-alive clients move on, and idle
 * connections are closed as they become idle. Node's own parse errors answer problem+json.
 */
export function startServer(
  fetch: Fetch,
  options: { port: number; hostname: string },
): Promise<RunningServer> {
  let inFlight = 0;
  let draining = false;
  let lastArrival = 0;
  // While draining, a new request is answered at once (503, Retry-After) instead of being
  // refused by a closed listener: a connection already in the kernel's queue when the listener
  // closes is reset, and its client cannot tell whether anything was done.
  const guarded: Fetch = (request, env) =>
    draining
      ? new Response(STOPPING, {
          status: 503,
          headers: {
            'content-type': 'application/problem+json',
            'retry-after': '1',
            connection: 'close',
          },
        })
      : fetch(request, env);
  return new Promise((resolve) => {
    const server = serve(
      { fetch: guarded, port: options.port, hostname: options.hostname },
      (address) => {
        resolve({
          server,
          address,
          inFlight: () => inFlight,
          drain: (graceMs) =>
            new Promise((done) => {
              draining = true;
              server.closeIdleConnections();
              // Done when nothing is in flight and no new request came for QUIET_MS: the ones
              // told to come back are waiting, so no connection sits in the queue at close.
              const sweep = setInterval(() => {
                server.closeIdleConnections();
                if (inFlight === 0 && Date.now() - lastArrival >= QUIET_MS) finish(0);
              }, 25);
              const finish = (cut: number) => {
                clearInterval(sweep);
                clearTimeout(deadline);
                server.close(() => done({ cut }));
                server.closeAllConnections();
              };
              const deadline = setTimeout(() => finish(inFlight), graceMs);
            }),
        });
      },
    ) as Server;
    answerClientErrors(server);
    // Counted at the socket, not around fetch, so a streamed export is in flight until its last byte.
    server.prependListener('request', (_request, response) => {
      inFlight += 1;
      lastArrival = Date.now();
      if (draining) response.setHeader('connection', 'close');
      response.once('close', () => {
        inFlight -= 1;
      });
    });
  });
}

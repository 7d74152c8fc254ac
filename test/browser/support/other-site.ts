import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A page on another site (localhost is another site than 127.0.0.1) whose forms post to Kindling,
 * as a forged form in an email or on a hostile page would.
 */
export async function otherSite(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><title>Elsewhere</title>
<form method="post" action="${target}/sign-out"><button>Forged sign out</button></form>
<form method="post" action="${target}/sparks/sittings"><input name="heldOn" value="2026-06-01"><button>Forged sitting</button></form>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

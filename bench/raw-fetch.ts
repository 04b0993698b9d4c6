/**
 * The raw-fetch baseline for `orgPage`: a server that answers any POST by making the org page's
 * upstream request (undici) and parsing its JSON, then sends a few bytes. What any gateway must
 * spend on the page before it does any work of its own; the proxy limit adds the reshape and the
 * serialization of the answer. Env: as bench/lib/org-page-upstream.ts, and PORT.
 */
import { createServer } from 'node:http';
import { fetchOrgPage, upstreamPool } from './lib/org-page-upstream.js';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    fetchOrgPage<{ data: unknown[] }>().then(
      (page) => response.writeHead(200, { 'content-type': 'application/json' }).end(`{"data":{"interactions":${page.data.length}}}`),
      () => response.writeHead(502).end(),
    );
  });
});
server.listen(Number(process.env.PORT ?? 4021), '127.0.0.1', () => console.log(`raw-fetch listening on ${process.env.PORT}`));
process.once('SIGTERM', () => server.close(() => void upstreamPool.close().then(() => process.exit(0))));

import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ENDPOINTS, requestPath } from './routes.js';

export interface StaticUiOptions {
  /** A built single-page app (Vite's `dist/`), with an `index.html`. */
  directory: string;
}

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// The app loads only its own files and talks only to /graphql on the same origin.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Every regular file under `directory`, by its path relative to it with `/` separators. Symbolic
 * links and dot-files are left out, so nothing outside the folder can be reached through it.
 */
function readBuild(directory: string, prefix = ''): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(join(directory, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [nested, file] of readBuild(directory, path)) files.set(nested, file);
    else if (entry.isFile()) {
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPES[extname(entry.name)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        // Vite names built assets by content hash: they never change; index.html must be revalidated.
        'cache-control': path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
      if (path.endsWith('.html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      files.set(path, { body: new Uint8Array(readFileSync(join(directory, path))), headers });
    }
  }
  return files;
}

/** Answers one request routed to the app (`route === 'ui'`). */
export type StaticUi = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves a built single-page app under `/ui/` (`ENDPOINTS.ui`), to the requests routed there. The build is read into memory once at
 * start-up and requests are answered from that map alone: a request path is a lookup key, never a
 * file-system path, so no spelling of `..`, encoded separator or link can reach another file.
 * Paths that name no file and have no extension are the app's own routes: they get `index.html`.
 * It answers before Yoga, whose own GraphiQL and health plugins match the end of any URL: an app
 * URL such as `/ui/graphql` or `/ui/login?next=/healthz` got their pages instead of the app's.
 */
export function createStaticUi({ directory }: StaticUiOptions): StaticUi {
  const files = readBuild(directory);
  const index = files.get('index.html');
  if (!index) throw new Error(`${directory} has no index.html: build the UI first`);
  const basePath = ENDPOINTS.ui;
  const bare = basePath.slice(0, -1);

  return (request, response) => {
    // The path exactly as the router read it when it chose this route.
    const target = request.url ?? '';
    const pathname = requestPath(target) ?? '';
    const answer = (status: number, headers: Record<string, string>, body?: Uint8Array | string) => {
      response.writeHead(status, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    request.resume();
    if (pathname === bare) {
      // The query as a URL parser writes it: percent-encoded, without the fragment.
      answer(308, { location: `${basePath}${new URL(target, 'http://localhost').search}`, 'content-length': '0' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      answer(405, { allow: 'GET, HEAD', 'content-length': '0' });
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(pathname.slice(basePath.length));
    } catch {
      answer(400, { 'content-type': 'text/plain' }, 'Bad request path');
      return;
    }
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    const file = files.get(path || 'index.html') ?? (lastSegment.includes('.') ? undefined : index);
    if (!file) {
      answer(404, { 'content-type': 'text/plain' }, 'Not found');
      return;
    }
    answer(200, { ...file.headers, 'content-length': String(file.body.byteLength) }, file.body);
  };
}

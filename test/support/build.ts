import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const UI_DIR = join(ROOT, 'examples/relay-ui');
export const UI_BUILD = join(UI_DIR, 'dist');

/** vitest global setup: the entry-point tests run what `npm start` runs, the build in `dist/`, so it is built first. */
export function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  // The browser tests serve the Relay example's build; Vite runs (a few seconds) only when a source is newer.
  if (uiBuildIsStale()) {
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    execFileSync('npm', ['run', 'build', '--silent', '--workspace', 'examples/relay-ui'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}

function uiBuildIsStale(): boolean {
  const built = join(UI_BUILD, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) => join(UI_DIR, name));
  return sources.some((path) => newestChange(path) > builtAt);
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

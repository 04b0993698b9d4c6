import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const reason = `skipped: no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; set CHROMIUM_PATH to use another)`;
if (!available) console.warn(`GraphiQL browser test ${reason}`);

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

describe.skipIf(!available)(available ? 'GraphiQL in headless Chromium' : `GraphiQL in headless Chromium — ${reason}`, () => {
  let gateway: GatewayFixture;
  let browser: Browser;
  beforeAll(async () => {
    gateway = await startGateway();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // The machine has no network beyond loopback: keep Chromium from reaching out on its own.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('loads the example operations, runs one and shows its result', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const offline: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(gateway.url.origin) && !request.url().startsWith('data:') && !request.url().startsWith('blob:'))
        offline.push(request.url());
    });
    await page.goto(gateway.url.href);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.graphiql-tab').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    gateway.resetRequests();
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('"contact"');
    const text = await response.innerText();
    expect(text).toContain('"firstName"');
    expect(text).not.toContain('"errors"');
    expect(gateway.requests('ctrlhub').length).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}graphiql.png` });
    expect(offline).toEqual([]);
  });
});

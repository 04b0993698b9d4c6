import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, chromiumMissingReason, launchChromium } from '../support/chromium.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

const available = chromiumAvailable;
const reason = chromiumMissingReason;
if (!available) console.warn(`GraphiQL browser test ${reason}`);

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

describe.skipIf(!available)(available ? 'GraphiQL in headless Chromium' : `GraphiQL in headless Chromium — ${reason}`, () => {
  let gateway: GatewayFixture;
  let browser: Browser;
  beforeAll(async () => {
    gateway = await startGateway();
    browser = await launchChromium();
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

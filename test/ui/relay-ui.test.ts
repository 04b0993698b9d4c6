import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/simulator/dataset.js';
import { UI_BUILD, UI_DIR } from '../support/build.js';
import { chromiumAvailable, chromiumMissingReason, launchChromium } from '../support/chromium.js';
import { startGateway, type GatewayFixture } from '../support/gateway.js';

/**
 * The Relay example (examples/relay-ui), built by the global setup and served by the gateway at
 * /ui/, driven in Debian's Chromium against the simulator; what it shows is checked against the
 * simulator's own data. CTRLGRAPH_UPDATE_SCREENSHOTS=1 writes the README's screenshots.
 */
const available = chromiumAvailable;
const reason = chromiumMissingReason;
if (!available) console.warn(`Relay UI browser test ${reason}`);

const SCREENSHOTS = process.env.CTRLGRAPH_UPDATE_SCREENSHOTS
  ? join(UI_DIR, 'screenshots')
  : fileURLToPath(new URL('../artifacts/relay-ui/', import.meta.url));

const name = (person: { attributes?: { first_name?: string | null; last_name?: string | null } } | undefined) =>
  [person?.attributes?.first_name, person?.attributes?.last_name].filter(Boolean).join(' ');

/** The (account, representative) pair with the most interactions, and their ids in the upstream's order. */
function busiestPair(data: Dataset): { account: string; representative: string; interactionIds: string[] } {
  const pairs = new Map<string, string[]>();
  for (const interaction of data.ctrlhub.interactions) {
    const account = interaction.relationships?.account?.data?.id;
    const representative = interaction.relationships?.representative?.data?.id;
    if (!account || !representative) continue;
    const key = `${account} ${representative}`;
    pairs.set(key, [...(pairs.get(key) ?? []), interaction.id]);
  }
  const [key, interactionIds] = [...pairs].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  const [account, representative] = key?.split(' ') ?? [];
  if (!account || !representative || !interactionIds)
    throw new Error('the dataset has no interactions with an account and a representative');
  return { account, representative, interactionIds };
}

const ctrlHubInteractionsOf = (data: Dataset, contact: string) =>
  data.ctrlhub.interactions.filter((interaction) => interaction.relationships?.contact?.data?.id === contact).map(({ id }) => id);

function alpharunTimelineOf(data: Dataset, contact: string): string[] {
  const profile = data.alpharun.contacts.find((candidate) => candidate.ext_id === contact);
  const account = profile && data.alpharun.accountOfContact.get(profile.id);
  return (data.alpharun.interactionsByAccount.get(account ?? '') ?? []).map(({ id }) => id);
}

/** A row of the org's first page whose contact has more than a page of both Ctrl-Hub and Alpharun interactions. */
function contactOnFirstPage(data: Dataset) {
  for (const interaction of data.ctrlhub.interactions.slice(0, 10)) {
    const contact = interaction.relationships?.contact?.data?.id;
    if (!contact) continue;
    const ctrlhub = ctrlHubInteractionsOf(data, contact);
    const alpharun = alpharunTimelineOf(data, contact);
    if (ctrlhub.length > 10 && alpharun.length > 10) return { interaction: interaction.id, contact, ctrlhub, alpharun };
  }
  throw new Error('no contact on the first page has long timelines in both APIs');
}

describe.skipIf(!available)(
  available ? 'the Relay example in headless Chromium' : `the Relay example in headless Chromium — ${reason}`,
  () => {
    let gateway: GatewayFixture;
    let browser: Browser;
    const consoleErrors: string[] = [];
    const offline: string[] = [];

    beforeAll(async () => {
      // The tests fail upstreams on purpose: a circuit breaker opened by one test would fail the next.
      gateway = await startGateway({ ui: { directory: UI_BUILD }, tuning: { breakerThreshold: 1000 } });
      browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterEach(() => gateway.simulator.clearFaults());
    afterAll(async () => {
      await browser?.close();
      await gateway?.close();
    });

    /** `watch` sees the page before it loads (to count its requests from the first). */
    async function open(path: string, watch?: (page: Page) => void): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      watch?.(page);
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
      page.on('request', (request) => {
        if (!request.url().startsWith(gateway.url.origin) && !request.url().startsWith('data:')) offline.push(request.url());
      });
      await page.goto(new URL(path, gateway.url).href);
      return page;
    }

    const ids = (page: Page) => page.locator('tbody tr td:last-child').allInnerTexts();
    const items = (page: Page, list: string) => page.getByRole('list', { name: list, exact: true }).getByRole('listitem');

    it('pages a filtered list with "Load more" to its end: the rows are the upstream’s, in order, each once', async () => {
      const { account, representative, interactionIds } = busiestPair(gateway.simulator.data);
      expect(interactionIds.length).toBeGreaterThan(20);
      const page = await open('/ui/');
      await page.getByRole('heading', { name: 'Interactions' }).waitFor();

      // Keyboard only: type both filters and submit with Enter.
      await page.getByLabel('Account id').focus();
      await page.keyboard.type(account);
      await page.keyboard.press('Tab');
      await page.keyboard.type(representative);
      gateway.resetRequests();
      await page.keyboard.press('Enter');
      const count = page.locator('.count');
      await expect.poll(() => count.innerText()).toBe(`Showing 10 of ${interactionIds.length} interactions`);
      expect(new URL(page.url()).search).toBe(`?account=${account}&representative=${representative}`);
      // The filter reached Ctrl-Hub as one filter expression, not as a client-side sieve.
      expect(gateway.requests('ctrlhub').map((request) => request.query['filter'])).toContain(
        `and(account_in('${account}'),representative_in('${representative}'))`,
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'interactions.png') });

      const loadMore = page.getByRole('button', { name: 'Load more' });
      for (let clicks = 0; await loadMore.isVisible(); clicks += 1) {
        expect(clicks).toBeLessThan(interactionIds.length);
        const before = (await ids(page)).length;
        await loadMore.click();
        await expect.poll(async () => (await ids(page)).length).toBeGreaterThan(before);
      }
      expect(await ids(page)).toEqual(interactionIds);
      await expect.poll(() => count.innerText()).toBe(`Showing ${interactionIds.length} of ${interactionIds.length} interactions`);
    });

    it('shows contact, property (UPRN, postcode) and representative on each row', async () => {
      const data = gateway.simulator.data;
      const first = data.ctrlhub.interactions[0];
      const contact = data.ctrlhub.contacts.get(first?.relationships?.contact?.data?.id ?? '');
      const property = data.ctrlhub.properties.get(first?.relationships?.property?.data?.id ?? '');
      const representative = data.ctrlhub.users.get(first?.relationships?.representative?.data?.id ?? '');
      const page = await open('/ui/');
      const row = page.getByRole('row').filter({ hasText: first?.id ?? '' });
      await row.waitFor();
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells[2]).toContain(name(contact));
      expect(cells[3]).toContain(String(property?.attributes?.uprn));
      expect(cells[3]).toContain(property?.attributes?.address?.postcode ?? '');
      const profile = representative?.attributes?.profile?.personal;
      expect(cells[4]).toContain([profile?.first_name, profile?.last_name].filter(Boolean).join(' '));
    });

    it('opens a contact from a row: Ctrl-Hub interactions first, the deferred Alpharun timeline when Alpharun answers; each pages on its own; a reload shows the same contact', async () => {
      const data = gateway.simulator.data;
      const { interaction, contact, ctrlhub, alpharun } = contactOnFirstPage(data);
      const page = await open('/ui/');
      let release: () => void = () => undefined;
      gateway.simulator.fault({
        upstream: 'alpharun',
        effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) },
      });

      await page.getByRole('row').filter({ hasText: interaction }).getByRole('link').click();
      await page.waitForURL(/\/ui\/contacts\//);
      const { body } = await gateway.post({ query: 'query ($id: ID!) { contact(id: $id) { id } }', variables: { id: contact } });
      const globalId = (body.data?.['contact'] as { id: string }).id;
      expect(decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '')).toBe(globalId);

      // While Alpharun holds its answers, the Ctrl-Hub part is on screen and the timeline is still loading.
      await page.getByRole('heading', { name: name(data.ctrlhub.contacts.get(contact)), level: 1 }).waitFor();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      expect(await page.getByText('Loading the Alpharun timeline…').isVisible()).toBe(true);
      expect(await page.getByRole('list', { name: 'Alpharun interactions' }).count()).toBe(0);
      expect(gateway.requests('alpharun').some((request) => request.status === 0)).toBe(true);

      release();
      await expect.poll(() => items(page, 'Alpharun interactions').count()).toBe(5);
      expect(await page.getByText('Loading the Alpharun timeline…').count()).toBe(0);

      await page.getByRole('button', { name: 'Load more Ctrl-Hub interactions' }).click();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(10);
      const shownCtrlHub = await items(page, 'Ctrl-Hub interactions').allInnerTexts();
      expect(shownCtrlHub.map((text, index) => text.includes(ctrlhub[index] ?? '?'))).toEqual(Array(10).fill(true));
      expect(await items(page, 'Alpharun interactions').count()).toBe(5);

      await page.getByRole('button', { name: 'Load more Alpharun interactions' }).click();
      await expect.poll(() => items(page, 'Alpharun interactions').count()).toBe(10);
      const shownAlpharun = await items(page, 'Alpharun interactions').allInnerTexts();
      expect(shownAlpharun.map((text, index) => text.includes(alpharun[index] ?? '?'))).toEqual(Array(10).fill(true));
      expect(await items(page, 'Ctrl-Hub interactions').count()).toBe(10);
      await page.screenshot({ path: join(SCREENSHOTS, 'contact.png'), fullPage: true });

      await page.reload();
      await page.getByRole('heading', { name: name(data.ctrlhub.contacts.get(contact)), level: 1 }).waitFor();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      await expect.poll(() => items(page, 'Alpharun interactions').count()).toBe(5);
      expect((await items(page, 'Ctrl-Hub interactions').first().innerText()).includes(ctrlhub[0] ?? '?')).toBe(true);
    });

    it('logs an interaction from the form: an optimistic row at the top at once, the saved row after the answer, on top of the org list too, still there after a reload', async () => {
      const data = gateway.simulator.data;
      const { interaction, contact } = contactOnFirstPage(data);
      const page = await open('/ui/');
      await page.getByRole('row').filter({ hasText: interaction }).getByRole('link').click();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      const notes = `Called about the smart meter (browser test ${Date.now()})`;

      await page.getByLabel('Method').selectOption('EMAIL');
      await page.getByLabel('Direction').selectOption('INBOUND');
      await page.getByLabel('Date and time').fill('2026-11-30T09:15');
      await page.getByLabel('Notes').fill(notes);
      // Ctrl-Hub holds its answer to the POST, so the optimistic row can be seen before the real one.
      let release: () => void = () => undefined;
      gateway.simulator.fault({
        upstream: 'ctrlhub',
        method: 'POST',
        effect: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) },
      });
      gateway.resetRequests();
      await page.getByRole('button', { name: 'Log interaction' }).click();

      const first = items(page, 'Ctrl-Hub interactions').first();
      await expect.poll(() => first.innerText()).toContain(notes);
      expect(await first.innerText()).toContain('Saving…');
      expect(await items(page, 'Ctrl-Hub interactions').count()).toBe(6);
      expect(gateway.requests('ctrlhub').filter((request) => request.method === 'POST' && request.status === 0)).toHaveLength(1);
      await page.getByRole('heading', { name: 'Log an interaction' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'log-interaction.png') });

      release();
      await expect.poll(() => page.getByRole('status').innerText()).toBe('Interaction logged.');
      const posts = gateway.requests('ctrlhub').filter((request) => request.method === 'POST');
      expect(posts).toHaveLength(1);
      const created = data.ctrlhub.interactions.find((interaction) => interaction.attributes?.notes === notes);
      expect(created?.relationships?.contact?.data?.id).toBe(contact);
      expect(created?.attributes).toMatchObject({ method: 'email', direction: 'inbound', status: 'completed', contacted: true });
      await expect.poll(() => first.innerText()).toContain(created?.id ?? '?');
      expect(await first.innerText()).not.toContain('Saving…');
      expect(await items(page, 'Ctrl-Hub interactions').count()).toBe(6);
      expect(await page.getByLabel('Notes').inputValue()).toBe('');
      expect(await page.locator('.count').first().innerText()).toBe(`Showing 6 of ${ctrlHubInteractionsOf(data, contact).length}`);

      // Back on the organisation's list, which the store still holds: the new row is on top, with no request.
      gateway.resetRequests();
      await page.getByRole('navigation').getByRole('link', { name: 'Interactions' }).click();
      await expect.poll(async () => (await ids(page))[0]).toBe(created?.id);
      expect(await ids(page)).toHaveLength(11);
      expect(gateway.requests()).toEqual([]);

      await page.goBack();
      await page.reload();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      const loadMore = page.getByRole('button', { name: 'Load more Ctrl-Hub interactions' });
      while (!(await items(page, 'Ctrl-Hub interactions').allInnerTexts()).some((text) => text.includes(created?.id ?? '?'))) {
        const before = await items(page, 'Ctrl-Hub interactions').count();
        await loadMore.click();
        await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBeGreaterThan(before);
      }
    });

    it("shows a refused input's error next to its field and writes nothing", async () => {
      const data = gateway.simulator.data;
      const { contact } = contactOnFirstPage(data);
      const { body } = await gateway.post({ query: 'query ($id: ID!) { contact(id: $id) { id } }', variables: { id: contact } });
      const contactId = (body.data?.['contact'] as { id: string }).id;
      const page = await open(`/ui/contacts/${encodeURIComponent(contactId)}`);
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      const before = await items(page, 'Ctrl-Hub interactions').allInnerTexts();
      const interactionsBefore = data.ctrlhub.interactions.length;

      // A contact's id where a representative's belongs: the graph refuses it before any write.
      const representative = page.getByLabel('Representative id (optional)');
      await representative.fill(contactId);
      await page.getByLabel('Notes').fill('Must not be written');
      gateway.resetRequests();
      await page.getByRole('button', { name: 'Log interaction' }).click();

      await expect.poll(() => representative.getAttribute('aria-invalid')).toBe('true');
      const error = page.locator(`[id="${await representative.getAttribute('aria-describedby')}"]`);
      expect(await error.innerText()).toMatch(/Representative/);
      await page.screenshot({ path: join(SCREENSHOTS, 'log-interaction-error.png') });
      expect(gateway.requests('ctrlhub').filter((request) => request.method !== 'GET')).toEqual([]);
      expect(data.ctrlhub.interactions.length).toBe(interactionsBefore);
      // The optimistic row is gone again and the form keeps what was typed.
      expect(await items(page, 'Ctrl-Hub interactions').allInnerTexts()).toEqual(before);
      expect(await page.getByLabel('Notes').inputValue()).toBe('Must not be written');
    });

    /** The contact's page, opened by URL, once its first page of Ctrl-Hub interactions is on screen. */
    async function openContact(contact: string): Promise<{ page: Page; contactId: string }> {
      const { body } = await gateway.post({ query: 'query ($id: ID!) { contact(id: $id) { id } }', variables: { id: contact } });
      const contactId = (body.data?.['contact'] as { id: string }).id;
      const page = await open(`/ui/contacts/${encodeURIComponent(contactId)}`);
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      return { page, contactId };
    }

    it('reports a failed write, and one whose answer was lost, as such: the form keeps what was typed', async () => {
      const data = gateway.simulator.data;
      const { page } = await openContact(contactOnFirstPage(data).contact);
      const before = await items(page, 'Ctrl-Hub interactions').allInnerTexts();
      const notes = `Left a voicemail (browser test ${Date.now()})`;
      await page.getByLabel('Notes').fill(notes);
      // Polled through the section: its alert appears only with a message.
      const form = page.getByRole('region', { name: 'Log an interaction' });
      const alert = () => form.getByRole('alert').allInnerTexts();

      // Ctrl-Hub refuses the POST: nothing was written, and the form says so.
      gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'status', status: 500 } });
      await page.getByRole('button', { name: 'Log interaction' }).click();
      await expect.poll(alert).toEqual([expect.stringMatching(/not logged.*UPSTREAM_ERROR/)]);
      expect(await page.getByRole('status').innerText()).toBe('');
      expect(await page.getByLabel('Notes').inputValue()).toBe(notes);
      expect(await items(page, 'Ctrl-Hub interactions').allInnerTexts()).toEqual(before);

      // The connection drops after the POST was sent: it may have been applied, so the form says to check first.
      gateway.simulator.clearFaults();
      gateway.simulator.fault({ upstream: 'ctrlhub', method: 'POST', effect: { kind: 'reset' } });
      await page.getByRole('button', { name: 'Log interaction' }).click();
      await expect.poll(alert).toEqual([expect.stringMatching(/may have logged.*check the list before logging it again/)]);
      expect(await page.getByRole('status').innerText()).toBe('');
      expect(await page.getByLabel('Notes').inputValue()).toBe(notes);

      // No answer reaches the browser at all: the same, as far as the browser can know.
      gateway.simulator.clearFaults();
      const consoleBefore = consoleErrors.length;
      await page.route('**/graphql', (route) => route.abort());
      await page.getByRole('button', { name: 'Log interaction' }).click();
      await expect.poll(alert).toEqual([expect.stringMatching(/may have logged.*check the list before logging it again/)]);
      expect(await page.getByLabel('Notes').inputValue()).toBe(notes);
      await page.unroute('**/graphql');
      // The failed request is the only thing the console shows.
      expect(consoleErrors.splice(consoleBefore).filter((message) => !/ERR_FAILED/.test(message))).toEqual([]);
    });

    it('keeps the loaded rows when "Load more" fails, says why next to the list, and loads the page when asked again', async () => {
      const data = gateway.simulator.data;
      const { contact } = contactOnFirstPage(data);
      const { page } = await openContact(contact);
      await expect.poll(() => items(page, 'Alpharun interactions').count()).toBe(5);
      const alerts = (region: string) => () => page.getByRole('region', { name: region }).getByRole('alert').allInnerTexts();

      for (const [upstream, list] of [
        ['ctrlhub', 'Ctrl-Hub interactions'],
        ['alpharun', 'Alpharun timeline'],
      ] as const) {
        const shown = items(page, list === 'Alpharun timeline' ? 'Alpharun interactions' : list);
        const before = await shown.allInnerTexts();
        gateway.simulator.fault({ upstream, effect: { kind: 'status', status: 500 }, times: 1 });
        const loadMore = page.getByRole('button', { name: `Load more ${upstream === 'ctrlhub' ? 'Ctrl-Hub' : 'Alpharun'} interactions` });
        await loadMore.click();
        await expect.poll(alerts(list)).toEqual([expect.stringMatching(/could not be loaded.*UPSTREAM_ERROR/)]);
        expect(await shown.allInnerTexts()).toEqual(before);
        await page.getByRole('heading', { name: name(data.ctrlhub.contacts.get(contact)), level: 1 }).waitFor();

        await loadMore.click();
        await expect.poll(() => shown.count()).toBe(10);
        expect(await alerts(list)()).toEqual([]);
      }

      const org = await open('/ui/');
      await expect.poll(async () => (await ids(org)).length).toBe(10);
      const before = await ids(org);
      gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 500 }, times: 1 });
      await org.getByRole('button', { name: 'Load more' }).click();
      const alert = () => org.getByRole('main').getByRole('alert').allInnerTexts();
      await expect.poll(alert).toEqual([expect.stringMatching(/could not be loaded.*UPSTREAM_ERROR/)]);
      expect(await ids(org)).toEqual(before);
      await org.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(async () => (await ids(org)).length).toBe(20);
      expect((await ids(org)).slice(0, 10)).toEqual(before);
    });

    it('shows an upstream failure on first load as an error where the data would be, and the rest of the page', async () => {
      const data = gateway.simulator.data;
      const { contact } = contactOnFirstPage(data);
      const { body } = await gateway.post({ query: 'query ($id: ID!) { contact(id: $id) { id } }', variables: { id: contact } });
      const url = `/ui/contacts/${encodeURIComponent((body.data?.['contact'] as { id: string }).id)}`;
      const heading = name(data.ctrlhub.contacts.get(contact));
      const alerts = (page: Page, region: string) => () => page.getByRole('region', { name: region }).getByRole('alert').allInnerTexts();
      const failed = [expect.stringMatching(/could not be loaded: .*UPSTREAM_ERROR/)];

      // Alpharun fails: the deferred timeline says so; Ctrl-Hub's part stands.
      gateway.simulator.fault({ upstream: 'alpharun', effect: { kind: 'status', status: 500 } });
      let page = await open(url);
      await expect.poll(alerts(page, 'Alpharun timeline')).toEqual(failed);
      expect(await page.getByRole('heading', { name: heading, level: 1 }).isVisible()).toBe(true);
      expect(await items(page, 'Ctrl-Hub interactions').count()).toBe(5);
      expect(await page.getByText('Alpharun has no interactions').count()).toBe(0);
      await page.close();

      // Ctrl-Hub fails the contact's list only: the list says so, not "0 of unknown".
      gateway.simulator.clearFaults();
      gateway.simulator.fault({ upstream: 'ctrlhub', matching: 'contact_in', effect: { kind: 'status', status: 500 } });
      page = await open(url);
      await expect.poll(alerts(page, 'Ctrl-Hub interactions')).toEqual(failed);
      expect(await page.getByRole('heading', { name: heading, level: 1 }).isVisible()).toBe(true);
      expect(await page.getByText('No Ctrl-Hub interactions').count()).toBe(0);
      expect(await page.getByText('Showing 0').count()).toBe(0);
      await expect.poll(() => items(page, 'Alpharun interactions').count()).toBe(5);
      await page.close();

      // Ctrl-Hub fails altogether: the contact could not be loaded, which is not "not found".
      gateway.simulator.clearFaults();
      gateway.simulator.fault({ upstream: 'ctrlhub', effect: { kind: 'status', status: 500 } });
      page = await open(url);
      await expect.poll(() => page.getByRole('main').getByRole('alert').allInnerTexts()).toEqual(failed);
      expect(await page.getByRole('heading', { name: 'Contact not found' }).count()).toBe(0);
      await page.close();

      // The organisation's list: the failure, not advice about the filter.
      page = await open('/ui/');
      await expect.poll(() => page.getByRole('main').getByRole('alert').allInnerTexts()).toEqual(failed);
      expect(await page.getByRole('form', { name: 'Filter interactions' }).isVisible()).toBe(true);
      await page.close();
    });

    it('shows a contact that failed as failed when it is shown again after another, asks the graph again, and follows its answer', async () => {
      const data = gateway.simulator.data;
      const failing = contactOnFirstPage(data).contact;
      const { body } = await gateway.post({ query: 'query ($id: ID!) { contact(id: $id) { id } }', variables: { id: failing } });
      const failed = [expect.stringMatching(/could not be loaded: .*UPSTREAM_ERROR/)];
      const notFound = (page: Page) => page.getByRole('heading', { name: 'Contact not found' }).count();

      // Ctrl-Hub fails every read naming this contact, and only those.
      gateway.simulator.fault({ upstream: 'ctrlhub', matching: failing, effect: { kind: 'status', status: 500 } });
      const asked: string[] = [];
      const page = await open(`/ui/contacts/${encodeURIComponent((body.data?.['contact'] as { id: string }).id)}`, (opening) =>
        opening.on('request', (request) => {
          if (request.url().endsWith('/graphql'))
            asked.push((JSON.parse(request.postData() ?? '{}') as { operationName?: string }).operationName ?? '');
        }),
      );
      await expect.poll(() => page.getByRole('main').getByRole('alert').allInnerTexts()).toEqual(failed);
      // A first visit asks once: the page knows its answer did not come from the store.
      await page.waitForLoadState('networkidle');
      expect(asked).toEqual(['ContactPageQuery']);

      // Another contact, reached through the app: its answer carries a `node` without an error.
      await page.getByRole('navigation').getByRole('link', { name: 'Interactions' }).click();
      await expect.poll(async () => (await ids(page)).length).toBe(10);
      const rows = await ids(page);
      const other = rows.findIndex((id) => {
        const contact = data.ctrlhub.interactions.find((interaction) => interaction.id === id)?.relationships?.contact?.data?.id;
        return contact !== undefined && contact !== failing;
      });
      expect(other).toBeGreaterThanOrEqual(0);
      await page
        .getByRole('row')
        .nth(other + 1)
        .getByRole('link')
        .click();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBe(5);

      // Back to the first: still the failure, never "not found". Ctrl-Hub holds the new read, so what
      // shows meanwhile is what the store kept, and then what the graph answers again.
      const reads = () =>
        gateway
          .requests('ctrlhub')
          .filter((request) => request.path.includes(failing) || Object.values(request.query).some((value) => value.includes(failing)))
          .length;
      const readBefore = reads();
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      gateway.simulator.fault({ upstream: 'ctrlhub', matching: failing, effect: { kind: 'hold', until: released } });
      await page.goBack();
      await page.goBack();
      await expect.poll(reads).toBeGreaterThan(readBefore);
      expect(await page.getByRole('main').getByRole('alert').allInnerTexts()).toEqual(failed);
      expect(await notFound(page)).toBe(0);
      const readsHeld = reads();
      const answered = page.waitForResponse((response) => response.url().endsWith('/graphql'));
      release();
      await (await answered).finished();
      expect(await page.getByRole('main').getByRole('alert').allInnerTexts()).toEqual(failed);
      expect(await notFound(page)).toBe(0);
      expect(reads()).toBe(readsHeld);
      gateway.simulator.clearFaults();

      // Gone from Ctrl-Hub since: the answer is a null without an error, which changes nothing in the
      // store; the screen still follows it, from the failure to "not found".
      const record = data.ctrlhub.contacts.get(failing);
      data.ctrlhub.contacts.delete(failing);
      try {
        await page.goForward();
        await page.getByRole('heading', { name: 'Interactions' }).waitFor();
        await page.goBack();
        await page.getByRole('heading', { name: 'Contact not found' }).waitFor();
        expect(await page.getByRole('main').getByRole('alert').count()).toBe(0);
      } finally {
        if (record) data.ctrlhub.contacts.set(failing, record);
      }

      // Back in Ctrl-Hub: showing it again shows the contact.
      await page.goForward();
      await page.getByRole('heading', { name: 'Interactions' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: name(data.ctrlhub.contacts.get(failing)), level: 1 }).waitFor();
      expect(await notFound(page)).toBe(0);
      await page.close();
    });

    /** The ids of the first page of the organisation's list, as the graph answers them. */
    async function firstPage(filter: { accountIds: string[] } | null): Promise<string[]> {
      const { body } = await gateway.post({
        query: 'query ($filter: InteractionFilter) { interactions(first: 10, filter: $filter) { edges { node { ctrlHubId } } } }',
        variables: { filter },
      });
      const connection = body.data?.['interactions'] as { edges: { node: { ctrlHubId: string } }[] };
      return connection.edges.map(({ node }) => node.ctrlHubId);
    }

    it('follows the URL: the "Interactions" link shows the whole list, and back shows the filtered one again', async () => {
      const { account } = busiestPair(gateway.simulator.data);
      const [filtered, all] = [await firstPage({ accountIds: [account] }), await firstPage(null)];
      expect(filtered).not.toEqual(all);
      const page = await open(`/ui/?account=${account}`);
      await expect.poll(() => ids(page)).toEqual(filtered);

      await page.getByRole('navigation').getByRole('link', { name: 'Interactions' }).click();
      await expect.poll(() => ids(page)).toEqual(all);
      expect(new URL(page.url()).search).toBe('');
      expect(await page.getByLabel('Account id').inputValue()).toBe('');

      await page.goBack();
      await expect.poll(() => ids(page)).toEqual(filtered);
      expect(await page.getByLabel('Account id').inputValue()).toBe(account);
    });

    it("leaves the Interactions screen's error with the app's own navigation", async () => {
      const page = await open('/ui/');
      await expect.poll(async () => (await ids(page)).length).toBe(10);
      const consoleBefore = consoleErrors.length;
      // The gateway cannot be reached: the refetch fails without an answer, and the screen shows the error.
      await page.route('**/graphql', (route) => route.abort());
      await page.getByLabel('Account id').fill('anything');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();

      await page.unroute('**/graphql');
      await page.getByRole('navigation').getByRole('link', { name: 'Interactions' }).click();
      await expect.poll(async () => (await ids(page)).length).toBe(10);
      expect(await page.getByRole('heading', { name: 'Something went wrong' }).count()).toBe(0);
      // The failed request and React's report of the error it caught, and nothing else.
      const caused = consoleErrors.splice(consoleBefore);
      expect(caused.length).toBeGreaterThan(0);
      expect(caused.filter((message) => !/ERR_FAILED|Failed to fetch/.test(message))).toEqual([]);
    });

    it('puts a logged interaction on top of the organisation’s list filtered by the account’s global id', async () => {
      const data = gateway.simulator.data;
      const { contact } = contactOnFirstPage(data);
      const { body } = await gateway.post({
        query: 'query ($id: ID!) { contact(id: $id) { account { id } } }',
        variables: { id: contact },
      });
      const account = (body.data?.['contact'] as { account: { id: string } }).account.id;
      const page = await open(`/ui/?account=${encodeURIComponent(account)}`);
      await expect.poll(async () => (await ids(page)).length).toBeGreaterThan(0);
      await page.getByRole('row').nth(1).getByRole('link').click();
      await expect.poll(() => items(page, 'Ctrl-Hub interactions').count()).toBeGreaterThan(0);

      const notes = `Sent the survey (browser test ${Date.now()})`;
      await page.getByLabel('Notes').fill(notes);
      await page.getByRole('button', { name: 'Log interaction' }).click();
      await expect.poll(() => page.getByRole('status').innerText()).toBe('Interaction logged.');
      const created = data.ctrlhub.interactions.find((interaction) => interaction.attributes?.notes === notes);

      // Back on the list the store holds, filtered by the global id: the new row is on top.
      await page.goBack();
      await expect.poll(async () => (await ids(page))[0]).toBe(created?.id);
    });

    it("titles the tab after the screen on show: the contact's name on its page, not on the list after it", async () => {
      const data = gateway.simulator.data;
      const { contact } = contactOnFirstPage(data);
      const { page } = await openContact(contact);
      await expect.poll(() => page.title()).toBe(`${name(data.ctrlhub.contacts.get(contact))} · ctrlgraph`);
      await page.getByRole('navigation').getByRole('link', { name: 'Interactions' }).click();
      await page.getByRole('heading', { name: 'Interactions' }).waitFor();
      await expect.poll(() => page.title()).toBe('Interactions · ctrlgraph');
    });

    it('says so when the URL names no contact', async () => {
      const page = await open('/ui/contacts/no-such-contact');
      await page.getByRole('heading', { name: 'Contact not found' }).waitFor();
    });

    // Last: covers every page the tests above opened.
    it('writes no errors to the browser console and reaches no other origin', () => {
      expect(consoleErrors).toEqual([]);
      expect(offline).toEqual([]);
    });
  },
);

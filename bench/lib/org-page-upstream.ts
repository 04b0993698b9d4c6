/**
 * The one upstream request behind `orgPage` (100 interactions with their relations), as the
 * gateway sends it, for the hand-written baselines. Env: CTRLHUB_BASE_URL, CTRLHUB_ORG_ID,
 * CTRLHUB_SESSION_TOKEN.
 */
import { Pool } from 'undici';

const base = new URL(process.env.CTRLHUB_BASE_URL ?? '');
export const upstreamPool = new Pool(base.origin, { connections: 32 });
const path = `${base.pathname.replace(/\/$/, '')}/orgs/${process.env.CTRLHUB_ORG_ID}/customers/interactions?include=account,contact,property,representative&limit=100`;
const headers = { 'x-session-token': process.env.CTRLHUB_SESSION_TOKEN ?? '', accept: 'application/json' };

/** The upstream page, parsed. */
export async function fetchOrgPage<T>(): Promise<T> {
  const response = await upstreamPool.request({ method: 'GET', path, headers });
  return (await response.body.json()) as T;
}

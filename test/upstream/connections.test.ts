import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../../src/upstream/http/errors.js';
import { rejectionOf, startUpstreams, type UpstreamFixture } from '../support/upstreams.js';

// The simulator numbers the TCP connection each request arrived on, as an access log's client port would.
// undici's pool hands a call that follows at once to a second connection while the first one is still
// finishing its previous exchange, so calls made one after another alternate between two connections.

let fixture: UpstreamFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const connectionsUsed = (upstream: UpstreamFixture) =>
  new Set(upstream.simulator.requests.of('ctrlhub').map((request) => request.connection));

describe('upstream connections', () => {
  it('keeps connections alive for calls made one after another', async () => {
    fixture = await startUpstreams();
    for (let call = 0; call < 20; call += 1) await fixture.upstreams.ctrlhub.listInteractions({ limit: 5, offset: call * 5 });
    expect(fixture.simulator.requests.of('ctrlhub')).toHaveLength(20);
    expect(connectionsUsed(fixture).size).toBeLessThanOrEqual(2);
  });

  it('returns a connection to the pool after an error answer, body read to the end', async () => {
    fixture = await startUpstreams({ tuning: { maxRetries: 0 } });
    for (let call = 0; call < 5; call += 1) {
      const error = await rejectionOf(
        fixture.upstreams.ctrlhub.listInteractions({ filters: { ids: ['x'] }, include: ['nonsense' as never], limit: 5 }),
      );
      expect(error).toBeInstanceOf(UpstreamHttpError);
      await fixture.upstreams.ctrlhub.listInteractions({ limit: 5 });
    }
    expect(fixture.simulator.requests.of('ctrlhub').map((request) => request.status)).toEqual(
      Array.from({ length: 5 }, () => [400, 200]).flat(),
    );
    expect(connectionsUsed(fixture).size).toBeLessThanOrEqual(2);
  });

  it('opens at most UPSTREAM_CONNECTIONS connections for calls made at once', async () => {
    fixture = await startUpstreams({ tuning: { connections: 4 } });
    await Promise.all(Array.from({ length: 24 }, (_, call) => fixture?.upstreams.ctrlhub.listInteractions({ limit: 5, offset: call * 5 })));
    expect(fixture.simulator.requests.of('ctrlhub')).toHaveLength(24);
    expect(connectionsUsed(fixture).size).toBe(4);
  });

  it('closes each connection after one request with UPSTREAM_PIPELINING=0', async () => {
    fixture = await startUpstreams({ tuning: { pipelining: 0 } });
    for (let call = 0; call < 5; call += 1) await fixture.upstreams.ctrlhub.listInteractions({ limit: 5, offset: call * 5 });
    expect(connectionsUsed(fixture).size).toBe(5);
  });
});

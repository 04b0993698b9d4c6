import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { Loaders } from '../../src/loaders/index.js';
import type { GraphContext } from '../../src/schema/index.js';
import { createLoaderRelease } from '../../src/server/loader-release.js';

/** As the response cache on a hit and the cost guard on a refusal do: a result in place of the execution. */
const stopsOperationsNamedStopped: Plugin<GraphContext> = {
  onExecute: ({ args, setResultAndStopExecution }) => {
    if (args.operationName === 'Stopped') setResultAndStopExecution({ data: null });
  },
};

/**
 * The plugin under real Yoga, with a schema whose one field waits for the test: the server context
 * lets the test end "the response" whenever it likes, as a client that leaves does.
 */
function harness() {
  const release = createLoaderRelease();
  let answer: (value: string) => void = () => undefined;
  const slow = new Promise<string>((resolve) => (answer = resolve));
  const events: string[] = [];
  const listeners: (() => void)[] = [];
  const loaders = { release: () => events.push('released') } as unknown as Loaders;
  const yoga = createYoga<{ afterResponse(listener: () => void): void }, GraphContext>({
    schema: createSchema({
      typeDefs: 'type Query { slow: String, quick: String }',
      resolvers: {
        Query: {
          slow: async () => {
            const value = await slow;
            events.push('executed');
            return value;
          },
          quick: () => 'now',
        },
      },
    }),
    plugins: [release.plugin, stopsOperationsNamedStopped],
    context: ({ afterResponse }) => {
      release.track(loaders, afterResponse);
      return { loaders } as unknown as GraphContext;
    },
  });
  const post = (query: string, operationName?: string) =>
    yoga.fetch(
      'http://localhost/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, operationName }) },
      { afterResponse: (listener: () => void) => listeners.push(listener) },
    );
  const endResponse = () => {
    events.push('response ended');
    for (const listener of listeners.splice(0)) listener();
  };
  return { post, answer, endResponse, events };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('releasing a request’s loaders', () => {
  it('waits for an execution still running when the response ends (a client that left), then releases once', async () => {
    const { post, answer, endResponse, events } = harness();
    const response = post('{ slow }');
    await settle();
    endResponse();
    await settle();
    expect(events).toEqual(['response ended']);
    answer('late');
    expect(await (await response).json()).toEqual({ data: { slow: 'late' } });
    await settle();
    expect(events).toEqual(['response ended', 'executed', 'released']);
  });

  it('releases when the response ends after its execution, as every answered request does', async () => {
    const { post, endResponse, events } = harness();
    expect(await (await post('{ quick }')).json()).toEqual({ data: { quick: 'now' } });
    expect(events).toEqual([]);
    endResponse();
    expect(events).toEqual(['response ended', 'released']);
  });

  it('releases at the response’s end when a plugin answers in place of the execution (a cache hit, a refused cost)', async () => {
    const { post, endResponse, events } = harness();
    expect(await (await post('query Stopped { slow }', 'Stopped')).json()).toEqual({ data: null });
    endResponse();
    expect(events).toEqual(['response ended', 'released']);
  });
});

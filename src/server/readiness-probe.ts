import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphContext } from '../schema/index.js';
import type { RequestServerContext } from './graph-server.js';

const PROBE = 'query ReadinessProbe { __typename }';
const PROBE_TIMEOUT_MS = 5000;

/**
 * Whether this process can execute GraphQL: one trivial operation through Yoga's own envelop
 * (context factory with its loaders, parse, validation rules, execution and every plugin's hooks).
 * Upstream health alone said "ready" while every query failed on Node 24.
 */
export async function executesGraphQL(yoga: YogaServerInstance<RequestServerContext, GraphContext>, request: Request): Promise<boolean> {
  // The probe is its own response: what its context holds is released when it has its answer.
  const afterProbe: (() => void)[] = [];
  try {
    const params = { query: PROBE, operationName: 'ReadinessProbe' };
    const { parse, validate, contextFactory, execute, schema } = yoga.getEnveloped({
      request,
      params,
      deadline: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      afterResponse: (listener: () => void) => afterProbe.push(listener),
    });
    const document = parse(PROBE);
    if (validate(schema, document).length > 0) return false;
    const result = await execute({ schema, document, contextValue: await contextFactory(), operationName: params.operationName });
    return 'data' in result && result.errors === undefined && result.data?.__typename === 'Query';
  } catch {
    return false;
  } finally {
    for (const listener of afterProbe) listener();
  }
}

import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphContext } from '../schema/index.js';
import type { RequestServerContext } from './graph-server.js';

const PROBE = 'query ReadinessProbe { __typename }';

/**
 * Marks the probe's context. It enters the envelop at execution, past the hooks that see a request's
 * parameters, so a plugin that needs those (the response cache keys its entries there) leaves it alone.
 */
export const isReadinessProbe = (context: object): boolean => (context as { readinessProbe?: unknown }).readinessProbe === true;
const PROBE_TIMEOUT_MS = 5000;

/**
 * Whether this process can execute GraphQL: one trivial operation through Yoga's own envelop
 * (context factory with its loaders, parse, validation rules, execution and every plugin's hooks).
 * Upstream health alone said "ready" while every query failed on Node 24.
 */
export async function executesGraphQL(
  yoga: YogaServerInstance<RequestServerContext, GraphContext>,
  request: Request,
  onFailure: (reason: unknown) => void = () => undefined,
): Promise<boolean> {
  // The probe is its own response: what its context holds is released when it has its answer.
  const afterProbe: (() => void)[] = [];
  try {
    const params = { query: PROBE, operationName: 'ReadinessProbe' };
    const { parse, validate, contextFactory, execute, schema } = yoga.getEnveloped({
      request,
      params,
      deadline: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      afterResponse: (listener: () => void) => afterProbe.push(listener),
      readinessProbe: true,
    });
    const document = parse(PROBE);
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      onFailure(invalid[0]);
      return false;
    }
    const result = await execute({ schema, document, contextValue: await contextFactory(), operationName: params.operationName });
    const executed = 'data' in result && result.errors === undefined && result.data?.__typename === 'Query';
    if (!executed) onFailure(result.errors?.[0] ?? 'the probe got no data');
    return executed;
  } catch (error) {
    onFailure(error);
    return false;
  } finally {
    for (const listener of afterProbe) listener();
  }
}

/**
 * `executesGraphQL` for the readiness check, saying in the log when the probe starts failing: once,
 * not on every check of an open endpoint, and however many checks overlap.
 */
export function createExecutionProbe(
  yoga: YogaServerInstance<RequestServerContext, GraphContext>,
  logger: { warn(details: object, message: string): void },
): (request: Request) => Promise<boolean> {
  let executing = true;
  return async (request) => {
    const executes = await executesGraphQL(yoga, request, (reason) => {
      if (!executing) return;
      executing = false;
      logger.warn(
        { reason: reason instanceof Error ? reason.message : String(reason) },
        'not ready: the readiness probe cannot execute GraphQL',
      );
    });
    if (executes) executing = true;
    return executes;
  };
}

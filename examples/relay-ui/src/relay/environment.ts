import { meros } from 'meros/browser';
import {
  Environment,
  Network,
  Observable,
  RecordSource,
  Store,
  type GraphQLResponse,
  type PayloadError,
  type RequestParameters,
  type Variables,
} from 'relay-runtime';
import { describeErrors, type GraphQLError } from './errors';
import type { FieldErrors } from './fieldErrors';

/** One part of a GraphQL response over HTTP: the whole result, or (after `@defer`) its increments. */
interface ResponsePart {
  data?: Record<string, unknown> | null;
  errors?: PayloadError[];
  extensions?: Record<string, unknown>;
  incremental?: {
    data?: Record<string, unknown> | null;
    items?: unknown[];
    errors?: PayloadError[];
    path: (string | number)[];
    label?: string;
  }[];
  hasNext?: boolean;
}

/**
 * The gateway speaks the current incremental delivery format (`incremental: [{ data, path, label }]`);
 * Relay reads one payload per deferred fragment (`{ data, path, label }`), so each increment becomes one.
 */
export function relayPayloads(part: ResponsePart): GraphQLResponse[] {
  if (part.incremental) {
    return part.incremental.map((increment) => {
      if (increment.items) throw new Error('@stream increments are not read by this app');
      return {
        data: increment.data ?? {},
        path: increment.path,
        label: increment.label ?? '',
        ...(increment.errors ? { errors: increment.errors } : {}),
      } as GraphQLResponse;
    });
  }
  // The last part of a deferred response may only say `hasNext: false`.
  if (part.data === undefined && !part.errors) return [];
  return [part as GraphQLResponse];
}

/** A response the app does not publish to the store: the request fails with the response's errors instead. */
export class GraphQLResponseError extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(describeErrors(errors));
    this.name = 'GraphQLResponseError';
  }
}

/**
 * The request was sent and no answer could be read (the network failed, the connection dropped, the body
 * was not what the gateway sends): whatever the request was to do may or may not have been done.
 */
export class NoAnswerError extends Error {
  constructor(cause: unknown) {
    super(`The gateway's answer did not arrive: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NoAnswerError';
  }
}

/**
 * A next page (`loadNext` sends the cursor of the last loaded edge) is all or nothing. Published with
 * errors, its nulls would replace what the store holds: a null connection empties the loaded list, a
 * null `node(id:)` turns the contact's page into "not found". Failing the request instead leaves the
 * loaded rows alone, and `loadNext` reports the error to its `onComplete`. A first load or a refetch
 * (no cursor) is published with its errors: its partial data is all there is to show.
 */
function checkPage(payload: GraphQLResponse, variables: Variables): GraphQLResponse {
  const errors: GraphQLError[] | undefined = 'errors' in payload ? payload.errors : undefined;
  if (variables['cursor'] != null && errors?.length) throw new GraphQLResponseError(errors);
  return payload;
}

function fetchGraph(params: RequestParameters, variables: Variables, fieldErrors: FieldErrors): Observable<GraphQLResponse> {
  return Observable.create((sink) => {
    const controller = new AbortController();
    (async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // multipart/mixed first: operations with @defer are answered in parts, the others in one JSON body.
          accept: 'multipart/mixed, application/graphql-response+json, application/json',
        },
        body: JSON.stringify({ query: params.text, operationName: params.name, variables }),
        signal: controller.signal,
      });
      const publish = (payload: GraphQLResponse) => {
        const page = checkPage(payload, variables);
        const { data, path, errors } = page as { data?: unknown; path?: (string | number)[]; errors?: GraphQLError[] };
        fieldErrors.record(data, path ?? [], errors ?? [], variables);
        sink.next(page);
      };
      const parts = await meros<ResponsePart>(response);
      if (Symbol.asyncIterator in parts) {
        for await (const part of parts) {
          if (!part.json) throw new Error('the gateway sent a response part that is not JSON');
          for (const payload of relayPayloads(part.body)) publish(payload);
        }
      } else {
        publish((await parts.json()) as GraphQLResponse);
      }
      sink.complete();
    })().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      sink.error(error instanceof GraphQLResponseError ? error : new NoAnswerError(error));
    });
    return () => controller.abort();
  });
}

/** The environment, and the errors of its responses kept in `fieldErrors` for the components (see FieldErrors). */
export function createEnvironment(fieldErrors: FieldErrors): Environment {
  const network = Network.create((params, variables) => fetchGraph(params, variables, fieldErrors));
  return new Environment({ network, store: new Store(new RecordSource()) });
}

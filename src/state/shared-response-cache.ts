import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import { sharedKey } from './keys.js';
import type { SharedRedis } from './shared-redis.js';

/**
 * The response cache in Redis. Every key starts with `ctrlgraph:cache:` and every key expires: an
 * answer is a string with the TTL, and each entity it holds lists it in a sorted set scored by the
 * answer's expiry, which drops its expired members whenever one is added and expires with its last
 * one. So the index holds the answers alive and no more, however many distinct operations clients
 * send. (@envelop/response-cache-redis kept its index sets without an expiry, one per type holding
 * every answer ever stored, and outside any prefix.)
 */
const ANSWER = 'answer:';
const ENTITY = 'entity:';

/**
 * Stores an answer and lists it under each of its entities (KEYS: the answer, then the entities;
 * ARGV: the answer, its TTL in ms, its id). On Redis's clock, which expires the answer: with the
 * gateway's, an instance whose clock ran behind made index entries that expired before their answers.
 */
const STORE = `
local ttl = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  redis.call('ZADD', KEYS[i], now + ttl, ARGV[3])
  local last = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[i], last[2])
end
`;

/**
 * Drops the answers listed under each entity, and the lists (KEYS: the entities; ARGV[1]: the answers'
 * prefix). In one script, so an answer stored while it runs is either dropped or listed after it.
 */
const DROP = `
local doomed = {}
for i = 1, #KEYS do
  for _, id in ipairs(redis.call('ZRANGE', KEYS[i], 0, -1)) do doomed[#doomed + 1] = ARGV[1] .. id end
  doomed[#doomed + 1] = KEYS[i]
end
for first = 1, #doomed, 1000 do
  redis.call('DEL', unpack(doomed, first, math.min(first + 999, #doomed)))
end
return #doomed
`;

const answerKey = (responseId: string) => sharedKey('cache', `${ANSWER}${responseId}`);
/** An entity of an answer as the plugin collects it: its type, and its id when it has one. */
type Entity = { typename: string; id?: string | number | undefined };
const entityKey = ({ typename, id }: Entity) => sharedKey('cache', `${ENTITY}${typename}:${id ?? ''}`);

/**
 * The scripts go as EVAL, never by their hash alone: a Redis that has forgotten a script (a restart, a
 * failover) answers a hash with NOSCRIPT, and the client's resend of the text could then run after a
 * drop sent later, storing an answer the drop should have removed. Redis keeps each compiled script
 * by its hash either way.
 */
export function sharedResponseCache(redis: SharedRedis): Cache {
  const run = (script: string, keys: string[], ...args: (string | number)[]) => redis.client.eval(script, keys.length, ...keys, ...args);
  return {
    async get(responseId) {
      const text = await redis.client.get(answerKey(responseId));
      return text === null ? undefined : (JSON.parse(text) as ExecutionResult);
    },
    async set(responseId, result, entities, ttl) {
      const keys = [answerKey(responseId), ...new Set([...entities].map(entityKey))];
      await run(STORE, keys, JSON.stringify(result), Math.max(1, Math.ceil(ttl)), responseId);
    },
    async invalidate(entities) {
      const keys = [...new Set([...entities].map(entityKey))];
      if (keys.length > 0) await run(DROP, keys, sharedKey('cache', ANSWER));
    },
  };
}

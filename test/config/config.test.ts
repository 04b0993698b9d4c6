import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, demoModeNotice, loadConfig } from '../../src/config/index.js';

const UPSTREAMS = {
  CTRLHUB_BASE_URL: 'https://api.ctrl-hub.example/v3',
  CTRLHUB_ORG_ID: 'org-1',
  CTRLHUB_SESSION_TOKEN: 'session-token',
  ALPHARUN_BASE_URL: 'https://api.alpharun.example/api/v1',
  ALPHARUN_API_TOKEN: 'api-token',
};

describe('configuration', () => {
  it('starts in demo mode when neither base URL is set, and not otherwise', () => {
    expect(loadConfig({}).simulator).toBe(true);
    const configured = loadConfig(UPSTREAMS);
    expect(configured.simulator).toBe(false);
    expect(configured.upstreams?.ctrlhub).toEqual({ baseUrl: UPSTREAMS.CTRLHUB_BASE_URL, orgId: 'org-1', sessionToken: 'session-token' });
  });

  it('says why demo mode is on, and how to reach the real APIs instead', () => {
    expect(demoModeNotice(loadConfig({}))).toBe(
      'DEMO MODE: no upstream configured; serving the embedded upstream simulator with seeded demo data (set CTRLHUB_BASE_URL and ALPHARUN_BASE_URL for the real APIs)',
    );
    const forced = loadConfig({ ...UPSTREAMS, CTRLGRAPH_SIMULATOR: '1' });
    expect(forced.simulator).toBe(true);
    expect(demoModeNotice(forced)).toBe(
      'DEMO MODE: CTRLGRAPH_SIMULATOR is on, so the base URLs set are not used; serving the embedded upstream simulator with seeded demo data (unset CTRLGRAPH_SIMULATOR for the real APIs)',
    );
    expect(loadConfig(UPSTREAMS).demoModeReason).toBeUndefined();
  });

  it('names what to change when a required upstream variable is missing', () => {
    expect(() => loadConfig({ CTRLGRAPH_SIMULATOR: '0' })).toThrow(
      new ConfigError(
        'CTRLHUB_BASE_URL is required when the simulator is off (set it, or unset CTRLGRAPH_SIMULATOR and both base URLs for demo mode)',
      ),
    );
    expect(() => loadConfig({ ALPHARUN_BASE_URL: UPSTREAMS.ALPHARUN_BASE_URL })).toThrow(
      new ConfigError('CTRLHUB_BASE_URL is required when the simulator is off (set it, or unset both base URLs for demo mode)'),
    );
  });

  it('lists the accepted values of CTRLGRAPH_SIMULATOR and LOG_LEVEL when given another', () => {
    expect(() => loadConfig({ CTRLGRAPH_SIMULATOR: 'maybe' })).toThrow(
      new ConfigError('CTRLGRAPH_SIMULATOR must be auto, or true or false (1/0) (got "maybe")'),
    );
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      new ConfigError('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'),
    );
  });

  it('refuses a default page size larger than the largest page a client may ask for', () => {
    expect(() => loadConfig({ CTRLGRAPH_DEFAULT_PAGE_SIZE: '600' })).toThrow(
      /^CTRLGRAPH_DEFAULT_PAGE_SIZE \(600\) must not exceed CTRLGRAPH_MAX_PAGE_SIZE \(500\)/,
    );
    expect(loadConfig({ CTRLGRAPH_DEFAULT_PAGE_SIZE: '600', CTRLGRAPH_MAX_PAGE_SIZE: '600' }).defaultPageSize).toBe(600);
  });

  it('adapts the number of concurrent GraphQL requests unless CTRLGRAPH_MAX_CONCURRENT_REQUESTS fixes it (0: no limit)', () => {
    expect(loadConfig({}).admission).toEqual({ maxConcurrent: 'auto', maxWaitMs: 10_000 });
    for (const spelling of ['auto', ' AUTO ', 'Auto'])
      expect(loadConfig({ CTRLGRAPH_MAX_CONCURRENT_REQUESTS: spelling }).admission.maxConcurrent).toBe('auto');
    expect(loadConfig({ CTRLGRAPH_MAX_CONCURRENT_REQUESTS: '0' }).admission.maxConcurrent).toBe(0);
    for (const wrong of ['automatic', '-1', '1.5', 'off', '100001'])
      expect(() => loadConfig({ CTRLGRAPH_MAX_CONCURRENT_REQUESTS: wrong })).toThrow(
        /^CTRLGRAPH_MAX_CONCURRENT_REQUESTS must be auto or an integer from 0 to 100000/,
      );
    expect(loadConfig({ CTRLGRAPH_MAX_CONCURRENT_REQUESTS: '16', CTRLGRAPH_MAX_QUEUE_WAIT_MS: '2000' }).admission).toEqual({
      maxConcurrent: 16,
      maxWaitMs: 2000,
    });
  });

  it('paces upstream answers two per event-loop turn unless CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN says otherwise (0: off)', () => {
    expect(loadConfig({}).answersPerTurn).toBe(2);
    expect(loadConfig({ CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN: '0' }).answersPerTurn).toBe(0);
    expect(() => loadConfig({ CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN: '-1' })).toThrow(
      /^CTRLGRAPH_UPSTREAM_ANSWERS_PER_TURN must be an integer/,
    );
  });

  it('allows 200 upstream requests per GraphQL request unless CTRLGRAPH_MAX_UPSTREAM_REQUESTS says otherwise', () => {
    expect(loadConfig({}).maxUpstreamRequests).toBe(200);
    expect(loadConfig({ CTRLGRAPH_MAX_UPSTREAM_REQUESTS: '50' }).maxUpstreamRequests).toBe(50);
    expect(() => loadConfig({ CTRLGRAPH_MAX_UPSTREAM_REQUESTS: '0' })).toThrow(
      /^CTRLGRAPH_MAX_UPSTREAM_REQUESTS must be an integer from 1/,
    );
  });

  it.each(['.', '..', ' .. ', '\ud800'])(
    'refuses %j as CTRLHUB_ORG_ID: it would change every upstream path, or cannot be sent',
    (orgId) => {
      expect(() => loadConfig({ ...UPSTREAMS, CTRLHUB_ORG_ID: orgId })).toThrow(
        /^CTRLHUB_ORG_ID must be one path segment \((".{1,2}" is not an org id|an org id must be well-formed)/,
      );
    },
  );

  it('runs one process unless CTRLGRAPH_WORKERS asks for more; auto is one per available core', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ CTRLGRAPH_WORKERS: '4' }).workers).toBe(4);
    expect(loadConfig({ CTRLGRAPH_WORKERS: 'Auto' }).workers).toBe(availableParallelism());
    for (const value of ['0', '-1', 'all', '1.5', '257'])
      expect(() => loadConfig({ CTRLGRAPH_WORKERS: value })).toThrow(/^CTRLGRAPH_WORKERS must be "auto" or an integer from 1 to 256/);
  });

  it('lets V8 grow the old generation to twice its live size unless CTRLGRAPH_HEAP_GROWTH_PERCENT says otherwise (0: V8 decides)', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ CTRLGRAPH_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ CTRLGRAPH_HEAP_GROWTH_PERCENT: ' 50 ' }).heapGrowthPercent).toBe(50);
    for (const wrong of ['-1', '1001', '1.5', 'auto'])
      expect(() => loadConfig({ CTRLGRAPH_HEAP_GROWTH_PERCENT: wrong })).toThrow(
        /^CTRLGRAPH_HEAP_GROWTH_PERCENT must be an integer from 0 to 1000/,
      );
  });

  it('reads CTRLGRAPH_REDIS_URL, or its former name CTRLGRAPH_CACHE_REDIS_URL, and refuses the two disagreeing', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ CTRLGRAPH_REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
    expect(loadConfig({ CTRLGRAPH_CACHE_REDIS_URL: 'rediss://cache:6380', CTRLGRAPH_CACHE_TTL_MS: '1000' }).redisUrl).toBe(
      'rediss://cache:6380',
    );
    expect(() => loadConfig({ CTRLGRAPH_REDIS_URL: 'http://cache' })).toThrow(
      /^CTRLGRAPH_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() =>
      loadConfig({ CTRLGRAPH_REDIS_URL: 'redis://a', CTRLGRAPH_CACHE_REDIS_URL: 'redis://b', CTRLGRAPH_CACHE_TTL_MS: '1000' }),
    ).toThrow(/^CTRLGRAPH_CACHE_REDIS_URL differs from CTRLGRAPH_REDIS_URL/);
  });

  it('limits nobody unless CTRLGRAPH_RATE_LIMIT is set, and lets a caller spend a whole window at once by default', () => {
    expect(loadConfig({}).rateLimit).toBeUndefined();
    expect(loadConfig({ CTRLGRAPH_RATE_LIMIT: '100' }).rateLimit).toEqual({
      limit: 100,
      windowMs: 60_000,
      burst: 100,
      trustForwardedFor: false,
    });
    expect(
      loadConfig({ CTRLGRAPH_RATE_LIMIT: '10', CTRLGRAPH_RATE_LIMIT_WINDOW_MS: '1000', CTRLGRAPH_RATE_LIMIT_BURST: '30' }).rateLimit,
    ).toMatchObject({ limit: 10, windowMs: 1000, burst: 30 });
    expect(() => loadConfig({ CTRLGRAPH_RATE_LIMIT: '0' })).toThrow(/^CTRLGRAPH_RATE_LIMIT must be an integer/);
    expect(() => loadConfig({ CTRLGRAPH_RATE_LIMIT_BURST: '5' })).toThrow(/^CTRLGRAPH_RATE_LIMIT_BURST is set but rate limiting is off/);
  });

  it('accepts APQ by default and refuses persisted-only mode without a manifest', () => {
    expect(loadConfig({}).persisted).toEqual({ manifestPath: undefined, only: false, apq: true });
    expect(() => loadConfig({ CTRLGRAPH_PERSISTED_ONLY: 'true' })).toThrow(/CTRLGRAPH_PERSISTED_OPERATIONS/);
    expect(loadConfig({ CTRLGRAPH_PERSISTED_ONLY: 'true', CTRLGRAPH_PERSISTED_OPERATIONS: 'manifest.json' }).persisted.only).toBe(true);
  });

  it('tunes each upstream on its own: CTRLHUB_X or ALPHARUN_X over UPSTREAM_X over the default', () => {
    const { tuning } = loadConfig({ ...UPSTREAMS, UPSTREAM_MAX_RETRIES: '4', ALPHARUN_MAX_RETRIES: '0', CTRLHUB_CONNECTIONS: '8' });
    expect(tuning.ctrlhub).toMatchObject({ maxRetries: 4, connections: 8, callTimeoutMs: 15_000 });
    expect(tuning.alpharun).toMatchObject({ maxRetries: 0, connections: 32 });
  });

  it('names the variable actually read when a tuning value is wrong', () => {
    expect(() => loadConfig({ ALPHARUN_HEADERS_TIMEOUT_MS: 'soon' })).toThrow(
      new ConfigError('ALPHARUN_HEADERS_TIMEOUT_MS must be an integer from 1 to 600000 (got "soon")'),
    );
    expect(() => loadConfig({ UPSTREAM_HEADERS_TIMEOUT_MS: '0' })).toThrow(
      /^UPSTREAM_HEADERS_TIMEOUT_MS must be an integer from 1 to 600000/,
    );
  });

  it.each([
    ['CTRLGRAPH_REDIS_URL', 'rediss//default:Sup3rS3cretPassw0rd@cache.internal:6380'],
    ['CTRLGRAPH_REDIS_URL', 'http://default:Sup3rS3cretPassw0rd@cache.internal:6380'],
    ['CTRLGRAPH_CACHE_REDIS_URL', 'memcached:/user:Sup3rS3cretPassw0rd@cache'],
    ['CTRLHUB_BASE_URL', 'ftp://svc:Sup3rS3cretPassw0rd@api.example.com/v3'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector//otel:Sup3rS3cretPassw0rd@collector:4318'],
    // Passwords holding the characters a URL reader would stop at.
    ['CTRLGRAPH_REDIS_URL', 'redis://:Sup3rS3cret/Passw0rd@host:6379x'],
    ['CTRLGRAPH_REDIS_URL', 'redis://u:Sup3rS3cret/et@h:notaport'],
    ['CTRLGRAPH_REDIS_URL', 'redis://u:Sup3rS3cret@ss@host:99999'],
    ['CTRLGRAPH_REDIS_URL', 'redis://u:Sup3rS3cret:x@host:99999'],
    // Where ioredis and OTLP clients also read secrets: the query string.
    ['CTRLGRAPH_REDIS_URL', 'redis.internal:6379?password=Sup3rS3cretPassw0rd'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otel.example.com/v1/traces?api_key=Sup3rS3cretPassw0rd'],
    ['CTRLHUB_BASE_URL', 'api.example.com/v3#Sup3rS3cretPassw0rd'],
  ])('refuses a malformed %s without echoing a password written into it', (name, value) => {
    const refusal = (() => {
      try {
        loadConfig({ [name]: value });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    })();
    expect(refusal).toMatch(new RegExp(`^${name} must be`));
    expect(refusal).not.toContain('Sup3rS3cret');
  });

  it('rejects API keys too short to be secret, without echoing them', () => {
    expect(() => loadConfig({ CTRLGRAPH_API_KEYS: 'short,also-short' })).toThrow(
      new ConfigError('CTRLGRAPH_API_KEYS must be a comma-separated list of keys of at least 16 characters (got a hidden value)'),
    );
    expect(loadConfig({ CTRLGRAPH_API_KEYS: ' k_0123456789abcdef , k_fedcba9876543210 ' }).apiKeys).toEqual([
      'k_0123456789abcdef',
      'k_fedcba9876543210',
    ]);
  });

  it('refuses CTRLGRAPH_API_KEYS set but empty, which would serve without keys (unset serves without them on purpose)', () => {
    expect(() => loadConfig({ CTRLGRAPH_API_KEYS: '' })).toThrow(
      new ConfigError('CTRLGRAPH_API_KEYS is set but empty: give at least one key, or unset it to serve without API keys'),
    );
    expect(() => loadConfig({ CTRLGRAPH_API_KEYS: ' , ' })).toThrow(/^CTRLGRAPH_API_KEYS must be/);
    expect(loadConfig({ CTRLGRAPH_API_KEYS: undefined }).apiKeys).toEqual([]);
  });

  it.each(['CTRLHUB_BASE_URL', 'ALPHARUN_BASE_URL'])(
    'refuses a %s holding a user, a password, a query or a fragment, which the clients would drop without a word',
    (name) => {
      for (const value of [
        'https://svc:Sup3rS3cretPassw0rd@api.example.com/v3',
        'https://svc@api.example.com/v3',
        'https://api.example.com/v3?tenant=acme',
        'https://api.example.com/v3?',
        'https://api.example.com/v3#part',
      ]) {
        expect(() => loadConfig({ [name]: value }), value).toThrow(new RegExp(`^${name} must be a scheme, host and path only`));
      }
      expect(() => loadConfig({ [name]: 'https://api.example.com/v3' })).not.toThrow(new RegExp(`^${name}`));
    },
  );

  it('allows no cross-origin reads by default, and takes exact origins or "*" in CTRLGRAPH_CORS_ORIGINS', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CTRLGRAPH_CORS_ORIGINS: ' https://app.example.com , http://localhost:5173 ' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ CTRLGRAPH_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    for (const value of [
      'https://app.example.com/',
      'app.example.com',
      'ftp://app.example.com',
      'https://app.example.com/ui',
      'https://user@app.example.com',
      'null',
    ]) {
      expect(() => loadConfig({ CTRLGRAPH_CORS_ORIGINS: value }), value).toThrow(
        /^CTRLGRAPH_CORS_ORIGINS must be "\*" or a comma-separated list of origins such as https:\/\/app\.example\.com/,
      );
    }
  });

  it('serves no UI unless CTRLGRAPH_UI_DIR names a folder with a built index.html', () => {
    expect(loadConfig({}).uiDir).toBeUndefined();
    const built = mkdtempSync(join(tmpdir(), 'ctrlgraph-ui-'));
    writeFileSync(join(built, 'index.html'), '<!doctype html>');
    expect(loadConfig({ CTRLGRAPH_UI_DIR: built }).uiDir).toBe(built);
    rmSync(built, { recursive: true });
    expect(() => loadConfig({ CTRLGRAPH_UI_DIR: 'no/such/folder' })).toThrow(
      new ConfigError(
        'CTRLGRAPH_UI_DIR must be a folder holding a built app with an index.html (npm run ui builds one) (got "no/such/folder")',
      ),
    );
  });
});

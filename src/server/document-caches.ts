import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * What one cached document may hold per byte of its text: its AST with locations and tokens, its
 * validation result and its compiled query. Measured: about 80 bytes for a 600-byte operation, 242
 * for the AST alone of a dense field list (`{ a a a … }`), the worst shape found. It is what bounds
 * the cache, so it takes the worst.
 */
const HELD_PER_TEXT_BYTE = 250;
/** Room for parsed documents (about 220 operations of 600 bytes) and, separately, for the texts that failed to parse. */
const DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;
const ERROR_CACHE_BYTES = 4 * 1024 * 1024;
/**
 * The largest entry either cache takes, an eighth of it (a document of about 16 KB): one large
 * document would otherwise evict every other, and with them their validation and compiled queries.
 */
const ENTRY_SHARE = 8;
/** What an error entry holds besides its text (the `GraphQLError` and its location). */
const ERROR_ENTRY_BYTES = 1024;

/**
 * Yoga's parse caches, bounded by what they hold rather than by how many entries. Yoga's own keep
 * 1,024 documents and 1,024 parse errors keyed by their full text, whatever its size: a client sending
 * distinct documents padded with a comment to the body limit (1 MB) grew the process by about 1 MB a
 * request, to gigabytes. Here a text too large for the budget is parsed every time and kept by nobody,
 * and the validation results and compiled queries (held by document, weakly) go with their document.
 */
export function parserCaches(): { documentCache: LRUCache<string, DocumentNode>; errorCache: LRUCache<string, Error> } {
  return {
    documentCache: new LRUCache<string, DocumentNode>({
      maxSize: DOCUMENT_CACHE_BYTES,
      maxEntrySize: DOCUMENT_CACHE_BYTES / ENTRY_SHARE,
      sizeCalculation: (_document, text) => Math.max(1, text.length * HELD_PER_TEXT_BYTE),
    }),
    errorCache: new LRUCache<string, Error>({
      maxSize: ERROR_CACHE_BYTES,
      maxEntrySize: ERROR_CACHE_BYTES / ENTRY_SHARE,
      sizeCalculation: (_error, text) => text.length + ERROR_ENTRY_BYTES,
    }),
  };
}

/**
 * Freedoms the contracts (`../shared/upstreams/`) leave an implementation, which this simulator does
 * not take unless asked. The gateway is also run against independent implementations of both APIs:
 * tests turn these on to hold it to the contracts rather than to this simulator's habits.
 */
export interface ContractLatitude {
  /**
   * Alpharun cursors that hold a position and nothing else, so any list accepts another's ("a string
   * to pass as `cursor`": nothing says a cursor knows its list). By default each is bound to its list.
   */
  positionalCursors?: boolean;
  /**
   * Alpharun ends a list with `next_cursor: ""` instead of `null`. Outside the contract, but what some
   * cursor APIs do; the gateway must not read it as a page to fetch.
   */
  emptyEndCursor?: boolean;
  /** Ctrl-Hub leaves the related resources of these types out of `included` although they were asked for ("an included resource may be missing"). */
  omitIncluded?: readonly string[];
  /**
   * Ctrl-Hub lists each `authors` entry before the same person's `users` entry, and without
   * attributes ("the attributes of an included author are not documented").
   */
  bareAuthorsFirst?: boolean;
}

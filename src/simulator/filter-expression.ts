/**
 * Parses Ctrl-Hub filter expressions — `name('a','b')` and `and(f1,f2,…)` with `\`-escaped quotes —
 * the way the real API reads them, so the simulator rejects what the API would reject.
 */
export type FilterNode = { kind: 'and'; operands: FilterNode[] } | { kind: 'call'; name: string; values: string[] };

export class FilterSyntaxError extends Error {}

export function parseFilterExpression(source: string): FilterNode {
  let position = 0;
  const fail = (what: string): never => {
    throw new FilterSyntaxError(`${what} at position ${position}`);
  };
  const skipSpace = () => {
    while (source[position] === ' ') position += 1;
  };
  const expect = (char: string) => {
    skipSpace();
    if (source[position] !== char) fail(`expected '${char}'`);
    position += 1;
  };
  const name = (): string => {
    skipSpace();
    const match = /^[a-z_]+/.exec(source.slice(position));
    if (!match) return fail('expected a filter name');
    position += match[0].length;
    return match[0];
  };
  const quoted = (): string => {
    skipSpace();
    if (source[position] !== "'") fail('expected a quoted value');
    position += 1;
    let value = '';
    while (position < source.length && source[position] !== "'") {
      if (source[position] === '\\') position += 1;
      value += source[position] ?? '';
      position += 1;
    }
    if (source[position] !== "'") fail('unterminated quoted value');
    position += 1;
    return value;
  };
  const list = <T>(item: () => T): T[] => {
    const items = [item()];
    skipSpace();
    while (source[position] === ',') {
      position += 1;
      items.push(item());
      skipSpace();
    }
    return items;
  };
  const expression = (): FilterNode => {
    const called = name();
    expect('(');
    const node: FilterNode =
      called === 'and' ? { kind: 'and', operands: list(expression) } : { kind: 'call', name: called, values: list(quoted) };
    expect(')');
    return node;
  };

  const node = expression();
  skipSpace();
  if (position !== source.length) fail('unexpected trailing input');
  return node;
}

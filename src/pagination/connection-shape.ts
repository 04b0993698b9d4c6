export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * An edge whose cursor is encoded when it is read: most queries select only the nodes, and a page of
 * 100 edges would otherwise encode 100 cursors nobody asked for. `pageInfo` reads the first and last.
 */
export class Edge<T, Position> {
  constructor(
    readonly node: T,
    private readonly position: Position,
    private readonly encode: (position: Position) => string,
  ) {}

  get cursor(): string {
    return this.encode(this.position);
  }
}

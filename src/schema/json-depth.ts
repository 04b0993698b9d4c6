/** How deeply lists and objects nest in a parsed JSON value (a scalar is 0), counting no further than `stopAbove` + 1; no recursion. */
export function valueDepth(value: unknown, stopAbove: number): number {
  if (value === null || typeof value !== 'object') return 0;
  // Only lists and objects are visited; a megabyte of numbers is one pass over their list.
  const containers: object[] = [value];
  const depths: number[] = [1];
  let deepest = 1;
  while (containers.length > 0) {
    const container = containers.pop() as object;
    const depth = depths.pop() as number;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAbove) return deepest;
    }
    const children = Array.isArray(container) ? container : Object.values(container);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        containers.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return deepest;
}

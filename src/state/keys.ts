/** Every key ctrlgraph writes to a shared Redis starts here, so one Redis can serve other applications too. */
export const sharedKey = (kind: 'apq' | 'rate-limit' | 'cache', id: string): string => `ctrlgraph:${kind}:${id}`;

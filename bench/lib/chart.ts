/** The benchmark's picture: throughput, p95 latency and peak RSS against clients, per operation and variant (Vega-Lite, rendered to SVG in Node). */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface ChartPoint {
  operation: string;
  variant: string;
  clients: number;
  rps: number;
  p95: number;
  rssMb: number;
}

const MEASURES = [
  { field: 'rps', title: 'throughput (req/s)', scale: 'linear' },
  { field: 'p95', title: 'p95 latency (ms)', scale: 'log' },
  { field: 'rssMb', title: 'peak RSS (MB)', scale: 'linear' },
] as const;

export async function benchChart(points: ChartPoint[], title: string): Promise<string> {
  const operations = [...new Set(points.map((point) => point.operation))];
  const variants = [...new Set(points.map((point) => point.variant))];
  const clients = [...new Set(points.map((point) => point.clients))].sort((a, b) => a - b);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: { legend: { labelLimit: 360 } },
    data: { values: points },
    vconcat: operations.map((operation) => ({
      transform: [{ filter: { field: 'operation', equal: operation } }],
      hconcat: MEASURES.map(({ field, title: measure, scale }) => ({
        title: `${operation}: ${measure}`,
        width: 300,
        height: 190,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'clients', type: 'quantitative', scale: { type: 'log' }, axis: { values: clients }, title: 'clients' },
          y: { field, type: 'quantitative', scale: { type: scale }, title: measure },
          color: { field: 'variant', type: 'nominal', scale: { domain: variants, scheme: 'tableau20' }, title: 'variant' },
          tooltip: [{ field: 'variant' }, { field: 'clients' }, { field, type: 'quantitative' }],
        },
      })),
    })),
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

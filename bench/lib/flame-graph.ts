/**
 * A CPU flame graph as SVG from a V8 `.cpuprofile` (what `node --cpu-prof` writes), without a
 * browser: stacks merged by frame, widths proportional to samples, root at the bottom. Idle time
 * is left out, so the widths share out the CPU the process used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based, as are the columns. */
  lineNumber: number;
  columnNumber?: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  /** Node id of each sample, and µs since the previous one (the first since `startTime`). */
  samples?: number[];
  timeDeltas?: number[];
  startTime?: number;
}

interface Frame {
  label: string;
  kind: FrameKind;
  self: number;
  total: number;
  children: Map<string, Frame>;
}
type FrameKind = 'project' | 'dependency' | 'node' | 'vm';

/** Frames V8 reports outside JavaScript; idle time is not CPU time. */
const LEFT_OUT = new Set(['(idle)']);
const COLOURS: Record<FrameKind, [hue: number, saturation: number]> = {
  project: [28, 85],
  dependency: [205, 55],
  node: [130, 35],
  vm: [0, 0],
};
const ROW = 17;
const WIDTH = 1400;
const HEADER = 44;

/** Where a frame's code lives, shortly: a package name, a path in the project, or a Node module. */
function location(url: string): { where: string; kind: FrameKind } {
  if (url === '') return { where: '', kind: 'vm' };
  if (url.startsWith('node:')) return { where: url, kind: 'node' };
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const parts = url.slice(inModules + '/node_modules/'.length).split('/');
    return { where: parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? ''), kind: 'dependency' };
  }
  const inProject = /\/(dist|src|bench)\/(.*)$/.exec(url);
  return { where: inProject ? `${inProject[1]}/${inProject[2]}` : url, kind: 'project' };
}

/**
 * The source a frame of the bundle (`dist/`) was built from, through the `.map` file beside it: the
 * bundle puts every package in a few chunks, and a flame graph of chunk lines names no package.
 */
function sourceMapper(): (frame: CallFrame) => CallFrame {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file))
      maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : undefined);
    return maps.get(file);
  };
  return (frame) => {
    if (!frame.url.startsWith('file:') || frame.lineNumber < 0) return frame;
    const file = fileURLToPath(frame.url);
    const entry = mapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber ?? 0);
    if (!entry || !('originalSource' in entry)) return frame;
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(file), entry.originalSource);
    return { ...frame, url: source, lineNumber: entry.originalLine, columnNumber: entry.originalColumn };
  };
}

function labelOf(frame: CallFrame): { label: string; kind: FrameKind } {
  const { where, kind } = location(frame.url);
  const name = frame.functionName || '(anonymous)';
  return { label: where ? `${name} ${where}:${frame.lineNumber + 1}` : name, kind };
}

/** Folds the profile's node tree into a tree of frames merged by label, with sample counts. */
function fold(profile: CpuProfile): Frame {
  const original = sourceMapper();
  const byId = new Map(profile.nodes.map((node) => [node.id, { ...node, callFrame: original(node.callFrame) }]));
  const hits = new Map<number, number>();
  if (profile.samples) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0);
  const root: Frame = { label: 'all', kind: 'vm', self: 0, total: 0, children: new Map() };
  const visit = (node: ProfileNode, parent: Frame): number => {
    const { label, kind } = labelOf(node.callFrame);
    if (LEFT_OUT.has(label)) return 0;
    // V8's own root frame adds nothing to read.
    let frame = parent;
    if (label !== '(root)') {
      frame = parent.children.get(label) ?? { label, kind, self: 0, total: 0, children: new Map() };
      parent.children.set(label, frame);
    }
    const self = hits.get(node.id) ?? 0;
    let total = self;
    for (const child of node.children ?? []) {
      const found = byId.get(child);
      if (found) total += visit(found, frame);
    }
    if (frame !== parent) {
      frame.self += self;
      frame.total += total;
    }
    return total;
  };
  const first = byId.get(profile.nodes[0]?.id ?? -1);
  if (first) root.total = visit(first, root);
  return root;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Stable colour per label within its kind's hue, so a function keeps its colour across graphs. */
function colour(frame: Frame): string {
  const [hue, saturation] = COLOURS[frame.kind];
  let hash = 0;
  for (const char of frame.label) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `hsl(${hue + (hash % 20) - 10}, ${saturation}%, ${62 + (hash % 16)}%)`;
}

export interface FlameGraph {
  svg: string;
  /** CPU samples drawn (idle left out). */
  samples: number;
  /** Functions with the most samples of their own, most first: [label, share of CPU samples]. */
  topSelf: [label: string, share: number][];
}

export function flameGraph(profile: CpuProfile, title: string): FlameGraph {
  const root = fold(profile);
  const rects: string[] = [];
  let depth = 0;
  const selfTotals = new Map<string, number>();
  const draw = (frame: Frame, x: number, level: number) => {
    const width = (frame.total / root.total) * WIDTH;
    if (width < 0.3) return;
    depth = Math.max(depth, level);
    if (frame !== root) selfTotals.set(frame.label, (selfTotals.get(frame.label) ?? 0) + frame.self);
    const share = ((frame.total / root.total) * 100).toFixed(2);
    const text = width > 30 ? escapeXml(frame.label.slice(0, Math.floor((width - 6) / 6.6))) : '';
    rects.push(
      `<g><title>${escapeXml(frame.label)} (${frame.total} samples, ${share}%)</title>` +
        `<rect x="${x.toFixed(1)}" y="${-(level + 1) * ROW}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${colour(frame)}" rx="2"/>` +
        (text ? `<text x="${(x + 3).toFixed(1)}" y="${-(level + 1) * ROW + 12}">${text}</text>` : '') +
        '</g>',
    );
    let offset = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.label.localeCompare(b.label))) {
      draw(child, offset, level + 1);
      offset += (child.total / root.total) * WIDTH;
    }
  };
  draw(root, 0, 0);
  const height = HEADER + (depth + 1) * ROW + 8;
  const legend = (Object.keys(COLOURS) as FrameKind[])
    .map((kind, index) => {
      const [hue, saturation] = COLOURS[kind];
      return `<rect x="${index * 150}" y="24" width="12" height="12" fill="hsl(${hue}, ${saturation}%, 70%)"/><text x="${index * 150 + 16}" y="34">${{ project: 'ctrlgraph', dependency: 'npm packages', node: 'Node.js', vm: 'V8 / native, GC' }[kind]}</text>`;
    })
    .join('');
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="0" y="14" font-size="13" font-weight="bold">${escapeXml(title)} — ${root.total} CPU samples, idle left out; hover for details</text>`,
    legend,
    `<g transform="translate(0 ${height - 4})">${rects.join('')}</g>`,
    '</svg>',
  ].join('\n');
  const topSelf = [...selfTotals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([label, self]): [string, number] => [label, self / root.total]);
  return { svg, samples: root.total, topSelf };
}

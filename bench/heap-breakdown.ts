/**
 * What an idle connection holds on the server's heap, from two V8 heap snapshots taken before
 * and after the idle scenario's connections opened:
 *
 *   BENCH_SERVER_NODE_ARGS="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/heap" \
 *     npm run bench -- --quick --scenario idle --contender C
 *   npx tsx bench/heap-breakdown.ts /tmp/heap/<first>.heapsnapshot /tmp/heap/<second>.heapsnapshot 2000
 *
 * (The idle scenario sends SIGUSR2 before each memory sample, which also takes the snapshots.)
 * Prints the growth per connection by kind of object, and the closures and their scopes by the
 * package or file whose code created them: enough to see which layer holds what.
 */
import { readFileSync } from 'node:fs';

type Snapshot = {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
};

type Tally = Map<string, { count: number; bytes: number }>;

function add(tally: Tally, key: string, bytes: number) {
  const entry = tally.get(key) ?? { count: 0, bytes: 0 };
  entry.count += 1;
  entry.bytes += bytes;
  tally.set(key, entry);
}

/** `@scope/name` or `name` for dependencies, the path for Charla's own files. */
function owner(script: string): string {
  const path = script.replace(/^file:\/\//, '');
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency?.[1]) return dependency[1];
  const own = /\/((?:src|bench)\/.*)$/.exec(path);
  return own?.[1] ?? (path || '(native)');
}

function tallies(file: string): { byKind: Tally; byOwner: Tally } {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { meta } = data.snapshot;
  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const [nodeTypes] = meta.node_types;
  const [edgeTypes] = meta.edge_types;
  const field = (name: string) => meta.node_fields.indexOf(name);
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map(
    field,
  ) as [number, number, number, number];
  const nodeCount = data.nodes.length / nodeWidth;
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let node = 0, edge = 0; node < nodeCount; node++) {
    firstEdge[node] = edge;
    edge += (data.nodes[node * nodeWidth + edgeCountAt] as number) * edgeWidth;
  }
  firstEdge[nodeCount] = data.edges.length;
  const typeOf = (node: number) => nodeTypes[data.nodes[node * nodeWidth + typeAt] as number];
  const nameOf = (node: number) => data.strings[data.nodes[node * nodeWidth + nameAt] as number];
  const sizeOf = (node: number) => data.nodes[node * nodeWidth + sizeAt] as number;
  /** The named edges of a node: [edge name, target node]. */
  const named = (node: number): [string, number][] => {
    const out: [string, number][] = [];
    for (let edge = firstEdge[node] as number; edge < (firstEdge[node + 1] as number); ) {
      const kind = edgeTypes[data.edges[edge] as number];
      const name = data.edges[edge + 1] as number;
      if (kind !== 'element' && kind !== 'hidden') {
        out.push([data.strings[name] as string, (data.edges[edge + 2] as number) / nodeWidth]);
      }
      edge += edgeWidth;
    }
    return out;
  };
  const byKind: Tally = new Map();
  const byOwner: Tally = new Map();
  const scopeOwner = new Map<number, string>();
  for (let node = 0; node < nodeCount; node++) {
    const type = typeOf(node) as string;
    const name = /string/.test(type) ? '' : (nameOf(node) ?? '').slice(0, 50);
    add(byKind, `${type} ${name}`.trim(), sizeOf(node));
    if (type !== 'closure') continue;
    let script = '';
    for (const [edge, target] of named(node)) {
      if (edge !== 'shared') continue;
      for (const [inner, source] of named(target)) {
        if (inner === 'script_or_debug_info') script = nameOf(source) ?? '';
      }
    }
    const who = owner(script);
    add(byOwner, `closures  ${who}`, sizeOf(node));
    for (const [edge, target] of named(node)) {
      if (edge === 'context' && !scopeOwner.has(target)) scopeOwner.set(target, who);
    }
  }
  for (const [scope, who] of scopeOwner) add(byOwner, `scopes    ${who}`, sizeOf(scope));
  return { byKind, byOwner };
}

function printGrowth(title: string, before: Tally, after: Tally, connections: number, rows = 30) {
  const growth = [...after].map(([key, { count, bytes }]) => {
    const earlier = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: count - earlier.count, bytes: bytes - earlier.bytes };
  });
  growth.sort((a, b) => b.bytes - a.bytes);
  const total = growth.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`\n${title}: ${(total / connections / 1024).toFixed(1)} KiB per connection`);
  for (const row of growth.slice(0, rows)) {
    const bytes = (row.bytes / connections).toFixed(0).padStart(6);
    const count = (row.count / connections).toFixed(1).padStart(6);
    console.log(`${bytes} B ${count} objects  ${row.key}`);
  }
}

const [beforeFile, afterFile, connectionsArg] = process.argv.slice(2);
if (!beforeFile || !afterFile || !connectionsArg) {
  console.error('usage: tsx bench/heap-breakdown.ts <before.heapsnapshot> <after> <connections>');
  process.exit(2);
}
const connections = Number(connectionsArg);
const before = tallies(beforeFile);
const after = tallies(afterFile);
printGrowth('Heap growth by kind of object', before.byKind, after.byKind, connections);
printGrowth('Closures and their scopes by owner', before.byOwner, after.byOwner, connections, 20);

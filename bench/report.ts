import type { ContenderName } from './contenders/contenders.js';
import { CONTENDER_TITLES } from './contenders/contenders.js';
import type {
  DeliveryCheck,
  HttpLoadResult,
  Interference,
  LatencyResult,
} from './driver/protocol.js';
import type { Plan } from './plan.js';
import { type FanoutResults, OVERLOAD_AGE_MS } from './scenarios/fanout.js';
import type { HistoryResults } from './scenarios/history.js';
import type { IdleResults } from './scenarios/idle.js';
import { isNoisy, NOISY_PERCENT, type Outcome } from './scenarios/outcome.js';
import type { PostingResults } from './scenarios/posting.js';
import { median } from './statistics.js';

export type Results = {
  fanout?: FanoutResults;
  posting?: PostingResults;
  history?: HistoryResults;
  idle?: IdleResults;
  /** Scenarios that failed as a whole. */
  failures: Record<string, string>;
};

/** One target of the issue, as measured. `met` is null when it was not measured. */
export type Verdict = { target: string; measured: string; met: boolean | null };

/** Median of one metric over a point's runs; undefined when nothing was measured. */
function medianOf<R>(point: Outcome<R> | undefined, pick: (run: R) => number): number | undefined {
  if (!point || point.runs.length === 0) return undefined;
  return median(point.runs.map(pick));
}

/** Any run of the point lost, repeated or failed a delivery (or the point did not finish). */
function faulty(point: Outcome<DeliveryCheck> | undefined): boolean {
  if (!point) return false;
  return (
    'error' in point ||
    point.runs.some((run) => run.missing > 0 || run.duplicates > 0 || run.publishErrors > 0)
  );
}

function format(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function ratio(top: number | undefined, bottom: number | undefined): number | undefined {
  return top === undefined || bottom === undefined || bottom === 0 ? undefined : top / bottom;
}

/** A plain-text table: the first column (labels) left-aligned, numbers right-aligned. */
function table(title: string, header: string[], rows: string[][], allLeft = false): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        allLeft || column === 0
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    title,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

const flag = (bad: boolean) => (bad ? '!' : '');

/** The driver used most of its core: the rate is a lower bound of what the server can do. */
const DRIVER_BOUND_PERCENT = 90;

function driverBound(point: Outcome<{ driverCpuPercent: number }> | undefined): boolean {
  const percent = medianOf(point, (r) => r.driverCpuPercent);
  return percent !== undefined && percent >= DRIVER_BOUND_PERCENT;
}

function overloaded(point: Outcome<LatencyResult> | undefined): boolean {
  return point?.runs.some((run) => run.overloaded) ?? false;
}

/**
 * How much other processes ran on the server's and the driver's cores during a table's runs:
 * the machine may be shared, and a busy neighbour lowers rates and raises latencies.
 */
function interference(points: (Outcome<Interference> | undefined)[]): string {
  const runs = points.flatMap((point) => point?.runs ?? []);
  const describe = (core: string, pick: (run: Interference) => number | null) => {
    const shares = runs.map(pick).filter((share): share is number => share !== null);
    if (shares.length === 0) return `${core} core not measured`;
    return `${core} core median ${format(median(shares), 1)}%, max ${format(Math.max(...shares), 1)}%`;
  };
  return `Other processes' CPU: ${describe('server', (r) => r.otherOnServerCorePercent)}; ${describe('driver', (r) => r.otherOnDriverCorePercent)}.`;
}

/** Some run of the point was noisy even after the retries (see measureRuns). */
function noisy(point: Outcome<Interference> | undefined): boolean {
  return point?.runs.some(isNoisy) ?? false;
}

const NOTES: Record<string, string> = {
  '~': `~ noisy: other processes used over ${NOISY_PERCENT}% of the server's or the driver's core in some run (full runs measure such a run again, twice at most)`,
  '!': '! deliveries missing, duplicated or failed (see the delivery check)',
  '*': `* the load driver used ≥ ${DRIVER_BOUND_PERCENT}% of its core: a lower bound of the server's capacity`,
  '^': `^ overloaded: some delivery came over ${OVERLOAD_AGE_MS / 1000} s after its scheduled publish (publishing stops early then); the server cannot sustain this load`,
};

/** Joins the non-empty parts of one report section. */
function lines(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('\n');
}

/** The footnotes of the marks that some cell of `rows` carries. */
function notesFor(rows: string[][], marks: string[]): string {
  const used = marks.filter((mark) =>
    rows.some((row) => row.slice(1).some((cell) => cell.includes(mark))),
  );
  return used.map((mark) => NOTES[mark]).join('\n');
}

/** The Charla variants that were measured, for ratios and verdicts. */
function charlas(plan: Plan): ContenderName[] {
  return plan.contenders.filter((name) => name === 'C' || name === 'C-redis');
}

function fanoutTables(plan: Plan, fanout: FanoutResults): string[] {
  const out: string[] = [];
  const contenders = plan.contenders;
  const capacitySizes = plan.fanout.subscribers.filter((n) =>
    contenders.some((c) => fanout.capacity[c]?.[n]),
  );
  if (capacitySizes.length > 0) {
    const rows = capacitySizes.map((n) => {
      const point = (c: ContenderName) => fanout.capacity[c]?.[n];
      const rate = (c: ContenderName) => medianOf(point(c), (r) => r.deliveriesPerSecond);
      const cpu = (c: ContenderName) => medianOf(point(c), (r) => r.serverMicrosPerDelivery);
      const marks = (c: ContenderName) =>
        `${flag(faulty(point(c)))}${driverBound(point(c)) ? '*' : ''}${noisy(point(c)) ? '~' : ''}`;
      return [
        format(n),
        ...contenders.map((c) => `${format(rate(c))}${marks(c)}`),
        ...charlas(plan).flatMap((c) => [
          format(ratio(rate(c), rate('A')), 2),
          format(ratio(rate(c), rate('B')), 2),
        ]),
        ...contenders.map((c) => format(cpu(c), 1)),
      ];
    });
    out.push(
      lines(
        table(
          `Fan-out capacity: deliveries/s (closed loop, ≤ ${plan.fanout.window} messages in flight, ${plan.fanout.durationMs / 1000} s, median of ${plan.runs}) and server CPU µs per delivery`,
          [
            'N',
            ...contenders.map((c) => `${c} deliv/s`),
            ...charlas(plan).flatMap((c) => [`${c}/A`, `${c}/B`]),
            ...contenders.map((c) => `${c} µs/deliv`),
          ],
          rows,
        ),
        notesFor(rows, ['!', '*', '~']),
        interference(contenders.flatMap((c) => Object.values(fanout.capacity[c] ?? {}))),
      ),
    );
  }
  const latencySizes = plan.latency.subscribers.filter((n) =>
    contenders.some((c) => fanout.latency[c]?.[n]),
  );
  if (latencySizes.length > 0) {
    const rows = latencySizes.map((n) => [
      format(n),
      format(plan.latency.deliveriesPerSecond / n, 1),
      ...contenders.flatMap((c) => {
        const point = fanout.latency[c]?.[n];
        const p = (pick: (run: LatencyResult) => number) => format(medianOf(point, pick), 1);
        const marks = `${flag(faulty(point))}${overloaded(point) ? '^' : ''}${noisy(point) ? '~' : ''}`;
        return [
          p((r) => r.latency.p50),
          `${p((r) => r.latency.p99)}${marks}`,
          p((r) => r.latency.max),
        ];
      }),
    ]);
    out.push(
      lines(
        table(
          `Fan-out latency at ${format(plan.latency.deliveriesPerSecond)} deliveries/s offered: publish (scheduled) to delivery, ms (${plan.latency.durationMs / 1000} s, median of ${plan.runs})`,
          ['N', 'msg/s', ...contenders.flatMap((c) => [`${c} p50`, `${c} p99`, `${c} max`])],
          rows,
        ),
        notesFor(rows, ['!', '^', '~']),
        interference(contenders.flatMap((c) => Object.values(fanout.latency[c] ?? {}))),
      ),
    );
  }
  if (fanout.lowRateLatency) out.push(...lowRateTable(plan, fanout.lowRateLatency));
  return out;
}

function signed(value: number): string {
  return `${value < 0 ? '-' : '+'}${format(Math.abs(value), 1)}`;
}

/**
 * The latency point at a load every contender sustains, and what Charla's Redis hop adds to it
 * (C-redis minus C, at p50 and p99), when both were measured.
 */
function lowRateTable(plan: Plan, lowRate: NonNullable<FanoutResults['lowRateLatency']>): string[] {
  const { subscribers, deliveriesPerSecond } = plan.latency.lowRate;
  const point = (c: ContenderName) => lowRate[c]?.[subscribers];
  const measured = plan.contenders.filter((c) => point(c));
  if (measured.length === 0) return [];
  const p = (c: ContenderName, pick: (run: LatencyResult) => number) => medianOf(point(c), pick);
  const rows = measured.map((c) => {
    const marks = `${flag(faulty(point(c)))}${overloaded(point(c)) ? '^' : ''}${noisy(point(c)) ? '~' : ''}`;
    const ms = (pick: (run: LatencyResult) => number) => format(p(c, pick), 1);
    return [
      c,
      ms((r) => r.latency.p50),
      `${ms((r) => r.latency.p99)}${marks}`,
      ms((r) => r.latency.max),
    ];
  });
  const out = [
    table(
      `Fan-out latency at a sustainable load: ${format(subscribers)} subscribers, ${format(deliveriesPerSecond)} deliveries/s offered (${format(deliveriesPerSecond / subscribers, 1)} msg/s): publish (scheduled) to delivery, ms (${plan.latency.durationMs / 1000} s, median of ${plan.runs})`,
      ['', 'p50', 'p99', 'max'],
      rows,
    ),
    notesFor(rows, ['!', '^', '~']),
    interference(measured.map(point)),
  ];
  const diff = (pick: (run: LatencyResult) => number) => {
    const redis = p('C-redis', pick);
    const local = p('C', pick);
    return redis === undefined || local === undefined ? undefined : redis - local;
  };
  const p50 = diff((r) => r.latency.p50);
  const p99 = diff((r) => r.latency.p99);
  if (p50 !== undefined && p99 !== undefined) {
    const caveat = (['C', 'C-redis'] as const).some((c) => faulty(point(c)) || overloaded(point(c)))
      ? ' (not comparable: a point is overloaded or lost deliveries)'
      : '';
    out.push(`Redis hop (C-redis minus C): p50 ${signed(p50)} ms, p99 ${signed(p99)} ms${caveat}`);
  }
  return [lines(...out)];
}

function loadRow(label: string, point: Outcome<HttpLoadResult> | undefined): string[] {
  return [
    label,
    `${format(medianOf(point, (r) => r.requestsPerSecond))}${noisy(point) ? '~' : ''}`,
    format(
      medianOf(point, (r) => r.latency.p50),
      2,
    ),
    format(
      medianOf(point, (r) => r.latency.p99),
      2,
    ),
    format(
      medianOf(point, (r) => r.latency.max),
      1,
    ),
    format(point?.runs.reduce((sum, r) => sum + r.errors + r.non2xx + r.badAnswers, 0)) +
      (point && 'error' in point ? ' (failed)' : ''),
    format(medianOf(point, (r) => r.serverMicrosPerRequest)),
  ];
}

const LOAD_HEADER = ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'µs CPU/req'];

function postingTable(plan: Plan, posting: PostingResults): string[] {
  const rows: string[][] = [];
  for (const [contender, entry] of Object.entries(posting) as [
    ContenderName,
    PostingResults[ContenderName],
  ][]) {
    if (!entry) continue;
    for (const connections of plan.posting.connections) {
      rows.push(loadRow(`${contender}, ${connections} conn.`, entry.byConnections[connections]));
    }
  }
  const out = [
    table(
      `Posting: postMessage over HTTP with autocannon (${plan.posting.durationMs / 1000} s, median of ${plan.runs}; errors = transport errors + non-2xx + GraphQL errors, summed over runs)`,
      LOAD_HEADER,
      rows,
    ),
    notesFor(rows, ['~']),
    interference(
      Object.values(posting).flatMap((entry) => Object.values(entry?.byConnections ?? {})),
    ),
  ];
  for (const contender of charlas(plan)) {
    const entry = posting[contender];
    const best = bestPostingRate(plan, entry);
    out.push(
      `${contender}: highest rate with p99 < 10 ms: ${best ? `${format(best.rate)} posts/s at ${best.connections} connections` : 'none'}`,
    );
    if (entry?.stored) {
      const { acknowledged, stored, inFlightAtStops } = entry.stored;
      const consistent = stored >= acknowledged && stored <= acknowledged + inFlightAtStops;
      out.push(
        `${contender}: ${format(acknowledged)} posts acknowledged, ${format(stored)} stored in the room's stream (${consistent ? 'consistent' : 'MISMATCH'}; up to ${inFlightAtStops} posts in flight when autocannon stopped)`,
      );
    }
  }
  return [lines(...out)];
}

function bestPostingRate(
  plan: Plan,
  entry: PostingResults[ContenderName],
): { rate: number; connections: number } | undefined {
  let best: { rate: number; connections: number } | undefined;
  for (const connections of plan.posting.connections) {
    const point = entry?.byConnections[connections];
    const rate = medianOf(point, (r) => r.requestsPerSecond);
    const p99 = medianOf(point, (r) => r.latency.p99);
    if (rate !== undefined && p99 !== undefined && p99 < 10 && (!best || rate > best.rate)) {
      best = { rate, connections };
    }
  }
  return best;
}

function historyTable(plan: Plan, history: HistoryResults): string {
  const rows = [
    ...plan.history.clients.map((clients) =>
      loadRow(`random page, ${clients} client${clients > 1 ? 's' : ''}`, history.random[clients]),
    ),
    loadRow('hot room page 1, 1 client', history.firstPage),
    loadRow(`hot room page ${format(history.lastPageNumber)}, 1 client`, history.lastPage),
  ];
  return `${table(
    `History (C): pages of ${plan.history.pageSize} over ${format(history.messages)} seeded messages in ${plan.history.rooms} rooms (hot room ${format(history.hotRoomMessages)}; seeded in ${history.seedSeconds.toFixed(1)} s), median of ${plan.runs}`,
    LOAD_HEADER,
    rows,
  )}\n${lines(notesFor(rows, ['~']), interference([...Object.values(history.random), history.firstPage, history.lastPage]))}`;
}

function idleTable(plan: Plan, idle: IdleResults): string {
  const rows = plan.contenders
    .filter((c) => idle[c])
    .map((c) => {
      const point = idle[c];
      return [
        c,
        format(plan.idle.connections),
        format(
          medianOf(point, (r) => r.rssBeforeBytes / 1048576),
          1,
        ),
        format(
          medianOf(point, (r) => r.rssAfterBytes / 1048576),
          1,
        ),
        `${format(
          medianOf(point, (r) => r.bytesPerConnection / 1024),
          1,
        )}${point && 'error' in point ? ' (failed)' : ''}`,
        // Runs recorded before the heap was measured have none.
        format(
          medianOf(point, (r) => (r.heapBytesPerConnection ?? Number.NaN) / 1024),
          1,
        ),
      ];
    });
  return table(
    `Idle subscribers: server memory per subscribed connection, after a full GC (median of ${plan.runs})`,
    ['', 'connections', 'RSS before MiB', 'RSS after MiB', 'RSS KiB/conn.', 'heap KiB/conn.'],
    rows,
  );
}

/** The issue's targets, checked for each measured Charla variant. */
export function verdicts(plan: Plan, results: Results): Verdict[] {
  const list: Verdict[] = [];
  const { fanout, posting, history, idle } = results;
  for (const c of charlas(plan)) {
    const capacity = (name: ContenderName) => fanout?.capacity[name]?.[1000];
    const rate = (name: ContenderName) => medianOf(capacity(name), (r) => r.deliveriesPerSecond);
    const valid = !faulty(capacity(c));
    const vsB = ratio(rate(c), rate('B'));
    const vsA = ratio(rate(c), rate('A'));
    const cpu = medianOf(capacity(c), (r) => r.serverMicrosPerDelivery);
    list.push(
      {
        target: `${c} fan-out at N = 1,000: ≥ 2× B's deliveries/s`,
        measured: `${format(vsB, 2)}× (${format(rate(c))} vs ${format(rate('B'))})${valid ? '' : ', deliveries lost or failed'}`,
        met: vsB === undefined ? null : valid && vsB >= 2,
      },
      {
        target: `${c} fan-out at N = 1,000: ≥ 0.6× A's deliveries/s`,
        measured: `${format(vsA, 2)}× (${format(rate(c))} vs ${format(rate('A'))})${valid ? '' : ', deliveries lost or failed'}`,
        met: vsA === undefined ? null : valid && vsA >= 0.6,
      },
      {
        target: `${c} fan-out at N = 1,000: ≤ 15 µs server CPU per delivery`,
        measured: `${format(cpu, 1)} µs`,
        met: cpu === undefined ? null : valid && cpu <= 15,
      },
    );
    for (const [n, limit] of [
      [1000, 30],
      [5000, 100],
    ] as const) {
      const point = fanout?.latency[c]?.[n];
      const p99 = medianOf(point, (r) => r.latency.p99);
      const problem = overloaded(point)
        ? ', overloaded'
        : faulty(point)
          ? ', deliveries lost or failed'
          : '';
      list.push({
        target: `${c} fan-out latency at 10k deliveries/s, N = ${format(n)}: p99 ≤ ${limit} ms`,
        measured: `${format(p99, 1)} ms${problem}`,
        met: p99 === undefined ? null : problem === '' && p99 <= limit,
      });
    }
    const tenPosting = posting?.[c]?.byConnections[10];
    const postRate = medianOf(tenPosting, (r) => r.requestsPerSecond);
    const postP99 = medianOf(tenPosting, (r) => r.latency.p99);
    const postErrors =
      tenPosting?.runs.reduce((s, r) => s + r.errors + r.non2xx + r.badAnswers, 0) ?? 0;
    list.push({
      target: `${c} posting at 10 clients: ≥ 2,000 postMessage/s with p99 < 10 ms`,
      measured: `${format(postRate)}/s, p99 ${format(postP99, 2)} ms${postErrors ? `, ${postErrors} errors` : ''}`,
      met:
        postRate === undefined || postP99 === undefined
          ? null
          : postErrors === 0 && postRate >= 2000 && postP99 < 10,
    });
    if (c === 'C') {
      const one = history?.random[1];
      const ten = history?.random[10];
      const p99One = medianOf(one, (r) => r.latency.p99);
      const tenRate = medianOf(ten, (r) => r.requestsPerSecond);
      const p99Ten = medianOf(ten, (r) => r.latency.p99);
      const firstP50 = medianOf(history?.firstPage, (r) => r.latency.p50);
      const lastP50 = medianOf(history?.lastPage, (r) => r.latency.p50);
      const flatness = ratio(lastP50, firstP50);
      list.push(
        {
          target: 'C history at 1 client: p99 ≤ 4 ms',
          measured: `${format(p99One, 2)} ms`,
          met: p99One === undefined ? null : p99One <= 4,
        },
        {
          target: 'C history at 10 clients: ≥ 1,000 pages/s with p99 ≤ 15 ms',
          measured: `${format(tenRate)} pages/s, p99 ${format(p99Ten, 2)} ms`,
          met:
            tenRate === undefined || p99Ten === undefined ? null : tenRate >= 1000 && p99Ten <= 15,
        },
        {
          target: `C history flat across pages: last page p50 ≤ 1.5× first page p50`,
          measured: `page 1 ${format(firstP50, 2)} ms, page ${format(history?.lastPageNumber)} ${format(lastP50, 2)} ms (${format(flatness, 2)}×)`,
          met: flatness === undefined ? null : flatness <= 1.5,
        },
      );
    }
    const perConnection = medianOf(idle?.[c], (r) => r.bytesPerConnection);
    list.push({
      target: `${c} idle: ≤ 16 KiB RSS per subscribed connection`,
      measured: `${format(perConnection === undefined ? undefined : perConnection / 1024, 1)} KiB`,
      met: perConnection === undefined ? null : perConnection <= 16 * 1024,
    });
  }
  return list;
}

function deliveryIntegrity(plan: Plan, fanout: FanoutResults): string {
  const problems: string[] = [];
  let checked = 0;
  for (const [kind, byContender] of [
    ['capacity', fanout.capacity],
    ['latency', fanout.latency],
    ['low-rate latency', fanout.lowRateLatency ?? {}],
  ] as const) {
    for (const c of plan.contenders) {
      const points: Record<number, Outcome<DeliveryCheck>> = byContender[c] ?? {};
      for (const [n, point] of Object.entries(points)) {
        if ('error' in point) problems.push(`${c} ${kind} N=${n}: ${point.error.split('\n')[0]}`);
        for (const run of point.runs) {
          checked += run.expected;
          if (run.missing || run.duplicates || run.publishErrors || run.ended) {
            problems.push(
              `${c} ${kind} N=${n}: missing ${run.missing}, duplicates ${run.duplicates}, failed publishes ${run.publishErrors}, subscriptions ended ${run.ended}`,
              ...run.problems.map((problem) => `  ${problem}`),
            );
          }
        }
      }
    }
  }
  return problems.length === 0
    ? `Delivery check: all ${format(checked)} expected deliveries arrived, each exactly once.`
    : `Delivery check: PROBLEMS (cells marked !):\n  ${problems.join('\n  ')}`;
}

/** The whole printed report: tables, then the targets. */
export function renderReport(plan: Plan, results: Results, verdictList: Verdict[]): string {
  const sections: string[] = [];
  const titles = plan.contenders.map((c) => `${c} = ${CONTENDER_TITLES[c].slice(c.length + 1)}`);
  sections.push(`Contenders: ${titles.join(', ')}`);
  if (!plan.contenders.includes('C-redis')) {
    sections.push('C-redis: skipped (set BENCH_REDIS_URL to also run Charla with REDIS_URL).');
  }
  if (results.fanout) {
    sections.push(...fanoutTables(plan, results.fanout), deliveryIntegrity(plan, results.fanout));
  }
  if (results.posting) sections.push(...postingTable(plan, results.posting));
  if (results.history) sections.push(historyTable(plan, results.history));
  if (results.idle) sections.push(idleTable(plan, results.idle));
  for (const [scenario, error] of Object.entries(results.failures)) {
    sections.push(`${scenario}: FAILED: ${error.split('\n').slice(0, 5).join('\n  ')}`);
  }
  const measured = verdictList.filter((v) => v.met !== null);
  const unmeasured = verdictList.length - measured.length;
  if (verdictList.length > 0) {
    sections.push(
      table(
        `Targets${unmeasured ? ` (${unmeasured} more not measured by this run)` : ''}`,
        ['', 'target', 'measured'],
        measured.map((v) => [
          v.met === null ? 'not measured' : v.met ? 'met' : 'NOT met',
          v.target,
          v.measured,
        ]),
        true,
      ),
    );
  }
  return sections.join('\n\n');
}

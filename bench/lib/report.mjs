// The bench's output: a table per database engine on the terminal, and the same numbers as JSON in
// bench/results/.
import fs from 'node:fs';

/** Connection errors, timeouts and responses other than the expected status, in one run. */
export function failures(run) {
  return run.errors + run.timeouts + Math.max(run.non2xx, run.unexpectedStatus);
}

export function isNoisy(run, settings) {
  return run.otherCpuShare !== null && run.otherCpuShare > settings.noisyOtherCpuShare;
}

/** Each round's req/s; the bare server, which runs before every route, shows its range instead. */
function byRound(values) {
  if (values.length <= 3) return values.map(formatInt).join(' / ');
  return `${formatInt(Math.min(...values))} – ${formatInt(Math.max(...values))} (${values.length} runs)`;
}

function summarize(target) {
  const mean = (pick) => target.runs.reduce((sum, run) => sum + pick(run), 0) / target.runs.length;
  return {
    requestsPerSec: mean((run) => run.requestsPerSec),
    requestsPerSecByRound: target.runs.map((run) => run.requestsPerSec),
    p50Ms: mean((run) => run.p50Ms),
    p99Ms: mean((run) => run.p99Ms),
    peakRssMb: target.server.peakRssBytes == null ? null : target.server.peakRssBytes / 2 ** 20,
  };
}

/**
 * Prints a table per series (one database engine, each with its own bare runs), the failure and
 * noise warnings and the verdict against the targets (for the series that are judged), writes
 * `jsonFile`, and answers whether any run failed so heavily that its numbers mean nothing.
 * In each series `targets[0]` is the bare baseline and the rest are Verity routes; a skipped
 * series has `skipped` (the reason) instead.
 */
export function report(seriesList, settings, meta, jsonFile) {
  const results = seriesList.map((series) => (series.skipped ? series : summarizeSeries(series, settings)));

  for (const series of results) {
    console.log('');
    if (series.skipped) {
      console.log(`${series.label}: skipped (${series.skipped}).`);
      continue;
    }
    const { seed } = series;
    console.log(
      `${series.label}: ${formatInt(seed.count)} customers seeded in ${seed.seconds.toFixed(1)} s ` +
        `(${formatInt(seed.viaService)} through the service, ${formatInt(seed.bulk)} copied in batches)` +
        `${series.judged ? '' : '; reported without targets'}`,
    );
    const header = ['route', 'req/s', 'req/s by round', 'p50 ms', 'p99 ms', 'peak RSS', 'vs bare', 'target'];
    const row = (name, s, ratio, verdict) => [
      name,
      formatInt(s.requestsPerSec),
      byRound(s.requestsPerSecByRound),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      s.peakRssMb == null ? 'n/a' : `${s.peakRssMb.toFixed(1)} MB`,
      pct(ratio),
      verdict,
    ];
    const verdict = (r) => (series.judged ? `>= ${pct(r.target)} ${r.met ? 'yes' : 'NO'}` : 'n/a');
    printTable(header, [row(series.bare.name, series.bare.summary, 1, ''), ...series.routes.map((r) => row(r.name, r.summary, r.ratio, verdict(r)))]);
    if (series.uploads) printUploads(series.uploads);
    if (series.webhooks) printWebhooks(series.webhooks);
    for (const warning of series.warnings) console.log(warning.text);
  }

  for (const series of results.filter((s) => !s.skipped && s.judged)) {
    console.log('');
    console.log(`targets (${series.label}, share of bare req/s in the same run):`);
    for (const r of series.routes) {
      console.log(`  ${r.name}: ${pct(r.ratio)} of bare, target >= ${pct(r.target)}: ${r.met ? 'meets the target' : 'BELOW the target'}`);
    }
    const u = series.uploads;
    if (u) {
      console.log(
        `  uploads: RSS grew by at most ${u.worstRssGrowthMiB === null ? 'n/a' : `${u.worstRssGrowthMiB.toFixed(1)} MiB`} over idle, ` +
          `limit ${u.limitMiB} MiB: ${u.metLimit === null ? 'not measured' : u.metLimit ? 'within the limit' : 'OVER the limit'}; ` +
          `${u.meanMegabytesPerSec.toFixed(1)} MB/s`,
      );
    }
    const w = series.webhooks;
    if (w) {
      console.log(
        `  webhooks: ${formatInt(w.deliveriesPerSec)} deliveries/s, target >= ${formatInt(w.minDeliveriesPerSec)}: ${webhookRateMet(w) ? 'meets the target' : 'BELOW the target'}; ` +
          `median commit to receipt ${w.p50Ms.toFixed(1)} ms, target <= ${w.maxMedianMs} ms: ${webhookLatencyMet(w) ? 'meets the target' : 'OVER the target'}`,
      );
    }
  }

  const json = {
    ...meta,
    ...settings,
    series: results.map((series) =>
      series.skipped
        ? { label: series.label, engine: series.engine, skipped: series.skipped }
        : {
            label: series.label,
            engine: series.engine,
            judged: series.judged,
            seed: series.seed,
            bare: { name: series.bare.name, method: series.bare.method, path: series.bare.path, ...series.bare.summary, runs: series.bare.runs },
            routes: series.routes.map((r) => ({
              name: r.name,
              method: r.method,
              path: r.path,
              ...r.summary,
              pairedBareRequestsPerSec: r.bareRequestsPerSec,
              ratio: r.ratio,
              target: r.target,
              metTarget: series.judged ? r.met : null,
              runs: r.runs,
            })),
            ...(series.uploads && { uploads: series.uploads }),
            ...(series.webhooks && { webhooks: { ...series.webhooks, metRate: webhookRateMet(series.webhooks), metLatency: webhookLatencyMet(series.webhooks) } }),
            warnings: series.warnings.map(({ kind, heavy, text }) => ({ kind, heavy, text })),
          },
    ),
  };
  fs.writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  return { heavyFailures: results.some((series) => !series.skipped && series.warnings.some((w) => w.heavy)) };
}

function summarizeSeries(series, settings) {
  const [bareTarget, ...routeTargets] = series.targets;
  const bare = { ...describe(bareTarget), summary: summarize(bareTarget) };
  const routes = routeTargets.map((target) => {
    const summary = summarize(target);
    // Against the bare runs taken just before this route's own (all of them, for older results).
    const paired = target.bareRuns?.length > 0 ? target.bareRuns : bareTarget.runs;
    const bareRequestsPerSec = paired.reduce((sum, run) => sum + run.requestsPerSec, 0) / paired.length;
    const ratio = summary.requestsPerSec / bareRequestsPerSec;
    return { ...describe(target), summary, bareRequestsPerSec, ratio, target: target.target, met: ratio >= target.target };
  });

  const warnings = [];
  for (const target of series.targets) {
    target.runs.forEach((run, i) => {
      const where = `[${series.label}] ${target.name} round ${i + 1}`;
      if (failures(run) > 0) {
        const codes = Object.entries(run.statusCodes)
          .filter(([code]) => Number(code) !== target.expectStatus)
          .map(([code, count]) => `${code}: ${formatInt(count)}`)
          .join(', ');
        warnings.push({
          kind: 'failures',
          heavy: failures(run) > settings.heavyFailureShare * Math.max(run.responses, 1),
          text:
            `WARNING  ${where}: ${formatInt(run.non2xx)} non-2xx${codes ? ` (${codes})` : ''}, ` +
            `${formatInt(run.errors)} errors, ${formatInt(run.timeouts)} timeouts, of ${formatInt(run.responses)} responses`,
        });
      }
      if (isNoisy(run, settings)) {
        warnings.push({ kind: 'noise', heavy: false, text: `NOISE    ${where}: other processes used ${pct(run.otherCpuShare)} of the CPUs` });
      }
    });
  }
  const { uploads } = series;
  uploads?.runs.forEach((run, i) => {
    const where = `[${series.label}] uploads batch ${i + 1}`;
    if (run.failed > 0) {
      const codes = Object.entries(run.statusCodes)
        .filter(([code]) => Number(code) !== 201)
        .map(([code, count]) => `${code}: ${formatInt(count)}`)
        .join(', ');
      warnings.push({
        kind: 'failures',
        heavy: run.failed > settings.heavyFailureShare * run.uploads,
        text: `WARNING  ${where}: ${run.failed} of ${run.uploads} uploads not 201 (${codes})${run.firstFailure ? `: ${run.firstFailure}` : ''}`,
      });
    }
    if (isNoisy(run, settings)) {
      warnings.push({ kind: 'noise', heavy: false, text: `NOISE    ${where}: other processes used ${pct(run.otherCpuShare)} of the CPUs` });
    }
  });
  const { webhooks } = series;
  if (webhooks?.duplicates > 0) {
    warnings.push({ kind: 'failures', heavy: false, text: `WARNING  [${series.label}] webhooks: ${webhooks.duplicates} duplicate deliveries` });
  }
  return { label: series.label, engine: series.engine, judged: series.judged, seed: series.seed, bare, routes, ...(uploads && { uploads }), webhooks, warnings };
}

/** The uploads of a series: a row per batch, then the worst growth and the mean MB/s. */
function printUploads(u) {
  const mib = (value) => (value === null ? 'n/a' : `${value.toFixed(1)} MiB`);
  const verdict = (growth) => (growth === null ? 'n/a' : `<= ${u.limitMiB} MiB ${growth <= u.limitMiB ? 'yes' : 'NO'}`);
  console.log('');
  console.log(`uploads: ${u.concurrency} concurrent × ${(u.fileBytes / 2 ** 20).toFixed(2)} MiB PNG, multipart, a customer each; Verity's VmRSS every ${u.rssSampleMs} ms`);
  const header = ['batch', 'uploads', 'MB sent', 'wall s', 'MB/s', 'idle RSS', 'peak RSS', 'growth', 'limit'];
  const rows = u.runs.map((run, i) => [
    String(i + 1),
    `${run.ok}/${run.uploads}`,
    (run.bytes / 1e6).toFixed(1),
    run.wallSeconds.toFixed(2),
    run.megabytesPerSec.toFixed(1),
    mib(run.idleRssMiB),
    mib(run.peakRssMiB),
    mib(run.rssGrowthMiB),
    verdict(run.rssGrowthMiB),
  ]);
  const ok = u.runs.reduce((sum, run) => sum + run.ok, 0);
  const all = u.runs.reduce((sum, run) => sum + run.uploads, 0);
  const bytes = u.runs.reduce((sum, run) => sum + run.bytes, 0);
  const wall = u.runs.reduce((sum, run) => sum + run.wallSeconds, 0);
  rows.push(['worst/mean', `${ok}/${all}`, (bytes / 1e6).toFixed(1), wall.toFixed(2), u.meanMegabytesPerSec.toFixed(1), '', '', mib(u.worstRssGrowthMiB), verdict(u.worstRssGrowthMiB)]);
  printTable(header, rows, new Set([0]));
}

/** What identifies a target in the output; a path made per request shows as its route name. */
function describe(target) {
  return {
    name: target.name,
    method: target.method,
    path: typeof target.path === 'function' ? target.name.split(' ')[1] : target.path,
    runs: target.runs,
  };
}

function printTable(header, rows, leftAligned = new Set([0, 2])) {
  const widths = header.map((_, col) => Math.max(...[header, ...rows].map((r) => r[col].length)));
  const line = (cells) =>
    cells
      .map((cell, col) => (leftAligned.has(col) ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function formatInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

function formatMs(ms) {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}

export function pct(ratio) {
  const percent = ratio * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

const webhookRateMet = (w) => w.deliveriesPerSec >= w.minDeliveriesPerSec;
const webhookLatencyMet = (w) => w.p50Ms <= w.maxMedianMs;

/** The webhook fan-out of a series. */
function printWebhooks(w) {
  console.log('');
  console.log(`webhooks: ${w.subscriptions} subscriptions on a local receiver; ${formatInt(w.events)} held events replayed at once, then ${formatInt(w.pacedDeliveriesPerSec)} deliveries/s paced`);
  printTable(
    ['deliveries', 'seconds', 'deliveries/s', 'target', 'p50 commit→receipt', 'p99', 'target'],
    [
      [
        formatInt(w.deliveries),
        w.seconds.toFixed(2),
        formatInt(w.deliveriesPerSec),
        `>= ${formatInt(w.minDeliveriesPerSec)} ${webhookRateMet(w) ? 'yes' : 'NO'}`,
        `${w.p50Ms.toFixed(1)} ms`,
        `${w.p99Ms.toFixed(1)} ms`,
        `<= ${w.maxMedianMs} ms ${webhookLatencyMet(w) ? 'yes' : 'NO'}`,
      ],
    ],
  );
}

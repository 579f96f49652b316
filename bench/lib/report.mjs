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
      s.requestsPerSecByRound.map(formatInt).join(' / '),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      s.peakRssMb == null ? 'n/a' : `${s.peakRssMb.toFixed(1)} MB`,
      pct(ratio),
      verdict,
    ];
    const verdict = (r) => (series.judged ? `>= ${pct(r.target)} ${r.met ? 'yes' : 'NO'}` : 'n/a');
    printTable(header, [row(series.bare.name, series.bare.summary, 1, ''), ...series.routes.map((r) => row(r.name, r.summary, r.ratio, verdict(r)))]);
    for (const warning of series.warnings) console.log(warning.text);
  }

  for (const series of results.filter((s) => !s.skipped && s.judged)) {
    console.log('');
    console.log(`targets (${series.label}, share of bare req/s in the same run):`);
    for (const r of series.routes) {
      console.log(`  ${r.name}: ${pct(r.ratio)} of bare, target >= ${pct(r.target)}: ${r.met ? 'meets the target' : 'BELOW the target'}`);
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
              ratio: r.ratio,
              target: r.target,
              metTarget: series.judged ? r.met : null,
              runs: r.runs,
            })),
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
    const ratio = summary.requestsPerSec / bare.summary.requestsPerSec;
    return { ...describe(target), summary, ratio, target: target.target, met: ratio >= target.target };
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
  return { label: series.label, engine: series.engine, judged: series.judged, seed: series.seed, bare, routes, warnings };
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

function printTable(header, rows) {
  const widths = header.map((_, col) => Math.max(...[header, ...rows].map((r) => r[col].length)));
  const leftAligned = new Set([0, 2]);
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

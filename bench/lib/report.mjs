// The bench's output: the table on the terminal and the same numbers as JSON in bench/results/.
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
 * Prints the table, the failure and noise warnings and the verdict against the target, writes
 * `jsonFile`, and answers whether any run failed so heavily that its numbers mean nothing.
 * `targets[0]` is the bare baseline; the rest are Verity routes.
 */
export function report(targets, settings, meta, jsonFile) {
  const [bareTarget, ...routeTargets] = targets;
  const bare = summarize(bareTarget);
  const routes = routeTargets.map((target) => {
    const summary = summarize(target);
    const ratio = summary.requestsPerSec / bare.requestsPerSec;
    return { target, summary, ratio, met: ratio >= settings.target };
  });

  const header = ['target', 'req/s', 'req/s by round', 'p50 ms', 'p99 ms', 'peak RSS', 'vs bare', `>= ${pct(settings.target)}`];
  const row = (name, s, ratio, met) => [
    name,
    formatInt(s.requestsPerSec),
    s.requestsPerSecByRound.map(formatInt).join(' / '),
    formatMs(s.p50Ms),
    formatMs(s.p99Ms),
    s.peakRssMb == null ? 'n/a' : `${s.peakRssMb.toFixed(1)} MB`,
    pct(ratio),
    met === undefined ? '' : met ? 'yes' : 'NO',
  ];

  const warnings = [];
  for (const target of targets) {
    target.runs.forEach((run, i) => {
      if (failures(run) > 0) {
        const codes = Object.entries(run.statusCodes)
          .filter(([code]) => Number(code) !== target.expectStatus)
          .map(([code, count]) => `${code}: ${formatInt(count)}`)
          .join(', ');
        warnings.push({
          kind: 'failures',
          heavy: failures(run) > settings.heavyFailureShare * Math.max(run.responses, 1),
          text:
            `WARNING  ${target.name} round ${i + 1}: ${formatInt(run.non2xx)} non-2xx${codes ? ` (${codes})` : ''}, ` +
            `${formatInt(run.errors)} errors, ${formatInt(run.timeouts)} timeouts, of ${formatInt(run.responses)} responses`,
        });
      }
      if (isNoisy(run, settings)) {
        warnings.push({ kind: 'noise', heavy: false, text: `NOISE    ${target.name} round ${i + 1}: other processes used ${pct(run.otherCpuShare)} of the CPUs` });
      }
    });
  }

  console.log('');
  printTable(header, [row(bareTarget.name, bare, 1), ...routes.map((r) => row(r.target.name, r.summary, r.ratio, r.met))]);
  for (const warning of warnings) console.log(warning.text);
  console.log('');
  console.log(`target: >= ${pct(settings.target)} of bare`);
  for (const r of routes) {
    console.log(`  ${r.target.name}: ${pct(r.ratio)} of bare, ${r.met ? 'meets the target' : 'BELOW the target'}`);
  }

  const json = {
    ...meta,
    ...settings,
    bare: { name: bareTarget.name, method: bareTarget.method, path: bareTarget.path, ...bare, runs: bareTarget.runs },
    routes: routes.map((r) => ({
      name: r.target.name,
      method: r.target.method,
      path: r.target.path,
      ...r.summary,
      ratio: r.ratio,
      metTarget: r.met,
      runs: r.target.runs,
    })),
    warnings: warnings.map(({ kind, heavy, text }) => ({ kind, heavy, text })),
  };
  fs.writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  return { heavyFailures: warnings.some((w) => w.heavy) };
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

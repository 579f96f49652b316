import { createHash } from 'node:crypto';

/**
 * The console's only stylesheet and script, kept in the code so they ship with the package and
 * work offline (no CDN, no build step). Pages work without the script; it adds image zoom and
 * rotation, confirmations before irreversible actions, and select-all for checkbox lists.
 */
export const CONSOLE_CSS = `
:root { --ink: #1d2330; --muted: #5d6678; --line: #d8dce5; --bg: #f5f6f9; --card: #fff; --accent: #2553c9;
  --ok: #1d7a46; --warn: #9a6500; --bad: #b42318; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); font-size: 15px; line-height: 1.45; }
a { color: var(--accent); }
header.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #1d2330; color: #fff; }
header.top a, header.top .brand { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; letter-spacing: .02em; }
header.top nav { display: flex; gap: 18px; flex: 1; }
header.top nav a[aria-current=page] { border-bottom: 2px solid #8fb0ff; }
header.top .who { display: flex; gap: 10px; align-items: center; margin: 0; }
header.top .role { font-size: 12px; padding: 1px 6px; border-radius: 8px; background: #3a4357; }
button.link { background: none; border: 0; color: #c9d6ff; cursor: pointer; padding: 0; font: inherit; text-decoration: underline; }
main { padding: 20px 24px 48px; max-width: 1400px; margin: 0 auto; }
h1 { font-size: 22px; margin: 4px 0 16px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
.breadcrumb { margin: 0; color: var(--muted); font-size: 13px; }
.notice { padding: 10px 14px; border-radius: 6px; }
.notice-ok { background: #e3f4ea; color: var(--ok); }
.notice-error { background: #fde8e6; color: var(--bad); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
table { width: 100%; border-collapse: collapse; background: var(--card); }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e8ebf2; }
.badge-verified, .badge-accepted, .badge-approved, .badge-delivered, .badge-ok { background: #e3f4ea; color: var(--ok); }
.badge-retry, .badge-document, .badge-pending, .badge-open, .badge-reviewing, .badge-paused { background: #fff3d6; color: var(--warn); }
.badge-suspended, .badge-rejected, .badge-failed, .badge-deactivated, .badge-closed, .badge-bad { background: #fde8e6; color: var(--bad); }
form.inline { display: inline; }
form.stack { display: grid; gap: 8px; max-width: 520px; }
label { font-weight: 600; font-size: 13px; }
input[type=text], input[type=password], input[type=search], input[type=url], select, textarea {
  font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; width: 100%; background: #fff; }
textarea { min-height: 70px; }
button, .button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent);
  color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 14px; }
.filters > * { width: auto; }
.muted { color: var(--muted); }
.reasons { display: grid; gap: 4px; margin: 6px 0; }
.reasons label { font-weight: 400; }
.viewer { border: 1px solid var(--line); border-radius: 8px; background: #2b303b; overflow: hidden; height: 420px;
  display: flex; align-items: center; justify-content: center; position: relative; }
.viewer img { max-width: 100%; max-height: 100%; transition: transform .15s; }
.viewer iframe { width: 100%; height: 100%; border: 0; background: #fff; }
.viewer-tools { display: flex; gap: 6px; margin: 6px 0; }
.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { padding: 8px 0 8px 14px; border-left: 3px solid var(--line); margin-left: 4px; }
.timeline time { color: var(--muted); font-size: 12px; display: block; }
.secret { font-family: ui-monospace, monospace; background: #fff3d6; padding: 8px; border-radius: 6px; overflow-wrap: anywhere; }
.sign-in { max-width: 360px; margin: 60px auto; }
code { font-family: ui-monospace, monospace; font-size: 13px; }
.badge-succeeded { background: #e3f4ea; color: var(--ok); }
.badge-held { background: #fff3d6; color: var(--warn); }
.badge-screening, .badge-hold, .badge-review, .badge-proposed { background: #fff3d6; color: var(--warn); }
.badge-false_positive, .badge-decided { background: #e3f4ea; color: var(--ok); }
.badge-true_match { background: #fde8e6; color: var(--bad); }
h3 { font-size: 14px; margin: 14px 0 6px; }
label.check { font-weight: 400; display: flex; gap: 6px; align-items: center; }
.customer-summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: -8px 0 16px; }
.requirements { margin: 0; padding-left: 18px; }
.history-comment { white-space: pre-wrap; margin-top: 2px; }
.health .warn { color: var(--warn); }
.health .bad { color: var(--bad); }
details.attempts summary { cursor: pointer; color: var(--accent); }
details.attempts table { margin-top: 6px; font-size: 13px; }
input[type=datetime-local] { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
form.reset { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
form.reset label { width: 100%; font-weight: 400; color: var(--muted); }
form.reset input { width: auto; flex: 1; min-width: 140px; }
.pager { display: flex; gap: 16px; align-items: center; }
/* review queue and case page */
.case-layout { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(0, 2fr); gap: 16px; align-items: start; }
@media (max-width: 900px) { .case-layout { grid-template-columns: 1fr; } }
.document h3 { font-size: 16px; margin-top: 0; }
.document-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 16px; }
@media (max-width: 1200px) { .document-body { grid-template-columns: 1fr; } }
.decision-forms { display: grid; gap: 12px; margin-top: 12px; padding-top: 12px; border-top: 1px solid var(--line); }
fieldset.reasons { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.reason-list { margin: 4px 0 0; padding-left: 18px; }
.badge-match, .badge-read { background: #e3f4ea; color: var(--ok); }
.badge-mismatch { background: #fde8e6; color: var(--bad); }
.badge-unreadable { background: #eef0f3; color: var(--muted, #555); }
table.comparisons tr.comparison-mismatch { background: #fde8e6; }
table.comparisons tr.comparison-mismatch th::before { content: "⚠ "; }
pre.mrz { font-family: ui-monospace, monospace; font-size: 13px; overflow-x: auto; }
ul.signals { padding-left: 18px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
.callout { padding: 10px 14px; border-radius: 6px; background: #fff3d6; color: var(--warn); }
.callout-closed { background: #e8ebf2; color: var(--ink); }
.badge-approved_once, .badge-rejected_once { background: #fff3d6; color: var(--warn); }
table.queue form { margin: 0; }
.timeline q { color: var(--muted); }
/* the customer's data stays in view beside the documents while the reviewer scrolls them */
.case-side { position: sticky; top: 12px; max-height: calc(100vh - 24px); overflow-y: auto; }
@media (max-width: 900px) { .case-side { position: static; max-height: none; overflow: visible; } }
.next-case { margin: 0 0 16px; }
/* amounts up to 15 digits wrap at their digit groups instead of running out of the card */
table.balances { table-layout: fixed; }
table.balances th:first-child, table.balances td:first-child { width: 6em; }
table.balances td { overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
`;

export const CONSOLE_JS = `
'use strict';
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-viewer-action]');
  if (!button) return;
  var viewer = document.getElementById(button.getAttribute('data-viewer'));
  var image = viewer && viewer.querySelector('img');
  if (!image) return;
  var zoom = Number(image.dataset.zoom || 1);
  var turn = Number(image.dataset.turn || 0);
  var action = button.getAttribute('data-viewer-action');
  if (action === 'zoom-in') zoom = Math.min(zoom * 1.25, 6);
  if (action === 'zoom-out') zoom = Math.max(zoom / 1.25, 0.25);
  if (action === 'rotate') turn = (turn + 90) % 360;
  if (action === 'reset') { zoom = 1; turn = 0; }
  image.dataset.zoom = String(zoom);
  image.dataset.turn = String(turn);
  image.style.transform = 'scale(' + zoom + ') rotate(' + turn + 'deg)';
});
// A submit button may ask its own question (one form, several decisions).
document.addEventListener('submit', function (event) {
  if (event.defaultPrevented) return;
  var button = event.submitter;
  var question = button && button.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});
`;

/** Changes whenever the assets do, so browsers may cache them for good. */
export const ASSET_VERSION = createHash('sha256').update(CONSOLE_CSS).update(CONSOLE_JS).digest('hex').slice(0, 12);

// The startup bench's floor for the page (bench/startup.ts): what this machine, this Chromium and
// this harness take to show a heading and then a 50-row table with no app behind them. A Node HTTP
// server (plain JavaScript, as the host is once built) serves one HTML page with the app's own
// stylesheet and the shell's markup; Ctrl+4 fetches 50 rows as JSON and builds the Builds table
// with the DOM. What the app takes beyond these figures is the app's own cost.
// Run: node bench/support/bare-page.mjs <the built renderer's assets folder>
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const assets = process.argv[2];
const stylesheet = assets && readdirSync(assets).find((name) => /^index-[\w-]+\.css$/.test(name));
if (!assets || !stylesheet) {
  console.error('usage: node bench/support/bare-page.mjs <out/renderer/assets>');
  process.exit(2);
}
const css = readFileSync(join(assets, stylesheet));

const statuses = ['succeeded', 'failed', 'canceled'];
const rows = Array.from({ length: 50 }, (_, i) => ({
  number: 10_000 - i,
  status: statuses[i % 3],
  repository: `service-${i}`,
  ref: i % 4 ? 'main' : `v1.${i}`,
  commit: (0x1a2b3c4 + i * 977).toString(16).slice(0, 7),
  tags: ['latest', `1.${i}`],
  duration: `${(i % 9) + 1} min ${i % 60} s`,
  started: new Date(Date.UTC(2026, 10, 1 + (i % 28), 9, i)).toISOString(),
}));

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Slipway</title>
<link rel="stylesheet" href="/page.css"><script src="/page.js" defer></script></head>
<body><div id="root"><div class="shell">
<nav class="sidebar" aria-label="Sections"><ul>
<li><a href="#/code-source" aria-current="page">Code Source</a></li><li><a href="#/registries">Registries</a></li>
<li><a href="#/repositories">Image Repositories</a></li><li><a href="#/builds">Builds</a></li><li><a href="#/settings">Settings</a></li>
</ul></nav>
<main id="main" tabindex="-1"><header class="page-header"><h1>Code Source</h1>
<p class="lede">Bind the accounts that hold your code; their repositories can then be built.</p></header></main>
</div></div></body></html>`;

// The page's whole script: Ctrl+4 reads the rows and shows them, as the app's Builds page would.
const script = `addEventListener('keydown', async (event) => {
  if (!event.ctrlKey || event.key !== '4') return;
  event.preventDefault();
  location.hash = '#/builds';
  const rows = await (await fetch('/rows')).json();
  const main = document.getElementById('main');
  const table = document.createElement('table');
  table.className = 'table builds';
  table.innerHTML = '<thead><tr><th>Build</th><th>Status</th><th>Repository</th><th>Ref</th><th>Commit</th><th>Tags</th><th class="num">Duration</th><th>Started</th></tr></thead>';
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    const cell = (className) => { const td = tr.insertCell(); if (className) td.className = className; return td; };
    const inline = (parent, tag, className, text) => { const el = document.createElement(tag); if (className) el.className = className; el.textContent = text; parent.append(el); };
    inline(cell('nowrap'), 'a', '', '#' + row.number);
    inline(cell('nowrap'), 'span', 'status status-' + row.status, row.status);
    cell().textContent = row.repository;
    cell().textContent = row.ref;
    inline(cell(), 'code', '', row.commit);
    const tags = cell();
    for (const tag of row.tags) inline(tags, 'span', 'tag-chip', tag);
    cell('nowrap num').textContent = row.duration;
    cell().textContent = new Date(row.started).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
  }
  main.querySelector('h1').textContent = 'Builds';
  main.querySelector('.lede').textContent = 'Every build, newest first.';
  main.append(table);
});`;

const bodies = {
  '/': ['text/html; charset=utf-8', page],
  '/page.css': ['text/css', css],
  '/page.js': ['text/javascript', script],
  '/rows': ['application/json', JSON.stringify(rows)],
};
const server = createServer((req, res) => {
  const body = bodies[req.url ?? ''];
  if (body) res.writeHead(200, { 'content-type': body[0] }).end(body[1]);
  else res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => console.log(`Slipway is running at http://127.0.0.1:${server.address().port}/`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

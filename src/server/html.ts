/*
 * What the status pages share: escaping, times and durations as people read them, and the page
 * shell with its one stylesheet (inline: the pages load nothing, and the Content-Security-Policy
 * allows no script and no other origin).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double- or single-quoted attributes alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/**
 * Text from other people's servers, escaped and with its bidirectional controls isolated: an RTL
 * override in a feed title would otherwise reorder the cells that follow it on screen.
 */
export function text(value: string): string {
  return `<bdi>${escapeHtml(value)}</bdi>`;
}

/** An ISO time as `2026-12-03 11:38Z` in a <time> element, or a dash. */
export function time(iso: string | undefined): string {
  return iso ? `<time datetime="${escapeHtml(iso.replace(/\.\d{3}Z$/, 'Z'))}">${escapeHtml(shortTime(iso))}</time>` : '—';
}

export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d{3})?Z$/, 'Z');
}

/** A duration as people say it: `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

export function number(n: number): string {
  return n.toLocaleString('en-US');
}

/** A whole page: the shell, the stylesheet, the head's extra lines and the body. */
export function page(title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escapeHtml(title)}</title>
${head}
  <style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

// Colours are variables so that the dark scheme swaps them for the page and its SVG charts alike.
const STYLE = `
:root { --fg: #1d1d1f; --muted: #61616a; --bg: #fff; --line: #e4e4e7; --head: #f4f4f5; --link: #1d4ed8;
  --ok: #15803d; --bad: #b91c1c; --warn: #b45309; --c0: #2563eb; --c1: #16a34a; --c2: #d97706; --c3: #9333ea; --c4: #0891b2; --c5: #db2777; --c6: #737373; }
@media (prefers-color-scheme: dark) { :root { --fg: #e7e7ea; --muted: #a1a1aa; --bg: #16161a; --line: #34343a; --head: #222228; --link: #93b4ff;
  --ok: #4ade80; --bad: #f87171; --warn: #fbbf24; --c0: #60a5fa; --c1: #4ade80; --c2: #fbbf24; --c3: #c084fc; --c4: #22d3ee; --c5: #f472b6; --c6: #a3a3a3; } }
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 76rem; padding: 0 1rem; color: var(--fg); background: var(--bg); }
a { color: var(--link); } h1 { margin-bottom: .2rem; } header p, .muted { color: var(--muted); } header p { margin-top: 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--head); } th a { color: inherit; } td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.url, .note { color: var(--muted); font-size: 13px; word-break: break-all; } code { font-size: 13px; }
.state-ok .state, tr.state-ok > td:nth-child(2) { color: var(--ok); }
.state-failing .state, .state-disabled .state, tr.state-failing > td:nth-child(2), tr.state-disabled > td:nth-child(2) { color: var(--bad); font-weight: 600; }
.state-backing-off .state, .state-moved .state, .state-recovered .state, tr.state-backing-off > td:nth-child(2), tr.state-moved > td:nth-child(2), tr.state-recovered > td:nth-child(2) { color: var(--warn); font-weight: 600; }
#sources td:nth-child(6) { text-align: right; font-variant-numeric: tabular-nums; } td .note { font-weight: 400; }
strong, code, .url { unicode-bidi: isolate; }
nav.summary { display: flex; flex-wrap: wrap; gap: .4rem .9rem; margin: .6rem 0 1rem; } nav.summary a { text-decoration: none; }
nav.summary a[aria-current] { font-weight: 700; text-decoration: underline; } nav.summary .n { font-weight: 700; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem 2rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .3rem; } svg.chart { width: 100%; height: auto; }
svg text { fill: var(--muted); font: 10px system-ui, sans-serif; } svg .axis { stroke: var(--line); }
.s0 { fill: var(--c0); } .s1 { fill: var(--c1); } .s2 { fill: var(--c2); } .s3 { fill: var(--c3); } .s4 { fill: var(--c4); } .s5 { fill: var(--c5); } .s6 { fill: var(--c6); }
.k0 { background: var(--c0); } .k1 { background: var(--c1); } .k2 { background: var(--c2); } .k3 { background: var(--c3); } .k4 { background: var(--c4); } .k5 { background: var(--c5); } .k6 { background: var(--c6); }
ul.legend { list-style: none; padding: 0; margin: .3rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem .8rem; font-size: 13px; }
ul.legend i { display: inline-block; width: .7rem; height: .7rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
svg.spark { width: 56px; height: 14px; vertical-align: middle; } svg.spark path { stroke: var(--c0); stroke-width: 3; fill: none; }
ul.outputs, ul.news { padding-left: 1.2rem; } ul.news li { margin-bottom: .5rem; } .summary-text { color: var(--muted); font-size: 13px; }
pre { background: var(--head); padding: .7rem; overflow-x: auto; font-size: 13px; }
`;

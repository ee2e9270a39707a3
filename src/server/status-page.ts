/** Everything the status page shows, gathered by the daemon from memory (no store scan per request). */
export interface StatusSnapshot {
  title: string;
  version: string;
  generatedAt: Date;
  sources: SourceRow[];
  outputs: OutputRow[];
}

export interface SourceRow {
  key: string;
  name: string;
  /** Already redacted of credentials. */
  url: string;
  state: string;
  lastSuccessAt?: string;
  lastError?: string;
  nextAttemptAt?: string;
  items: number;
  movedTo?: string;
}

export interface OutputRow {
  name: string;
  title: string;
  links: Array<{ href: string; type: string; format: string }>;
}

/**
 * The status page: plain server-rendered HTML, no script, every value escaped (feed titles, error
 * messages and URLs all come from other people's servers).
 */
export function renderStatusPage(snapshot: StatusSnapshot): string {
  const alternates = snapshot.outputs
    .flatMap((output) =>
      output.links.map((link) => `  <link rel="alternate" type="${escapeHtml(link.type)}" title="${escapeHtml(`${output.title} (${link.format})`)}" href="${escapeHtml(link.href)}">`),
    )
    .join('\n');
  const failing = snapshot.sources.filter((source) => source.state !== 'ok' && source.state !== 'never polled').length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(snapshot.title)}: status</title>
${alternates}
  <style>${STYLE}</style>
</head>
<body>
  <header>
    <h1>${escapeHtml(snapshot.title)}</h1>
    <p>Tributary ${escapeHtml(snapshot.version)} · ${snapshot.sources.length} sources, ${failing} not ok · generated ${escapeHtml(snapshot.generatedAt.toISOString())}</p>
  </header>
  <section>
    <h2>Subscribe</h2>
    <ul class="outputs">
${snapshot.outputs.map(renderOutput).join('\n')}
    </ul>
  </section>
  <section>
    <h2>Sources</h2>
    <table>
      <thead><tr><th>Source</th><th>State</th><th>Last success</th><th>Last error</th><th>Next poll</th><th>Items</th></tr></thead>
      <tbody>
${snapshot.sources.map(renderSource).join('\n')}
      </tbody>
    </table>
  </section>
</body>
</html>
`;
}

function renderOutput(output: OutputRow): string {
  const links = output.links.map((link) => `<a href="${escapeHtml(link.href)}" type="${escapeHtml(link.type)}">${escapeHtml(link.format)}</a>`).join(' · ');
  return `      <li><strong>${escapeHtml(output.title)}</strong> <code>${escapeHtml(output.name)}</code>: ${links}</li>`;
}

function renderSource(source: SourceRow): string {
  const moved = source.movedTo ? `<div class="note">moved to <code>${escapeHtml(source.movedTo)}</code></div>` : '';
  return `        <tr class="state-${escapeHtml(source.state.replace(/\s+/g, '-'))}">
          <td><strong>${escapeHtml(source.name)}</strong> <code>${escapeHtml(source.key)}</code><div class="url">${escapeHtml(source.url)}</div>${moved}</td>
          <td>${escapeHtml(source.state)}</td>
          <td>${time(source.lastSuccessAt)}</td>
          <td>${source.lastError ? escapeHtml(source.lastError) : '—'}</td>
          <td>${time(source.nextAttemptAt)}</td>
          <td class="number">${source.items}</td>
        </tr>`;
}

function time(iso: string | undefined): string {
  return iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'))}</time>` : '—';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double- or single-quoted attributes alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { margin-bottom: .2rem; } header p { color: #666; margin-top: 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #e4e4e7; vertical-align: top; }
th { font-weight: 600; background: #f4f4f5; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
.url, .note { color: #666; font-size: 13px; word-break: break-all; } code { font-size: 13px; }
tr.state-ok td:nth-child(2) { color: #15803d; } tr.state-failing td:nth-child(2), tr.state-disabled td:nth-child(2) { color: #b91c1c; font-weight: 600; }
tr.state-backing-off td:nth-child(2), tr.state-moved td:nth-child(2) { color: #b45309; }
ul.outputs { padding-left: 1.2rem; }
`;

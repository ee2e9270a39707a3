/** The files each output is published as, one per format: `<name>.atom`, `<name>.rss`, `<name>.json`. */
export const OUTPUT_FORMATS = [
  { format: 'atom', extension: 'atom', contentType: 'application/atom+xml; charset=utf-8' },
  { format: 'rss', extension: 'rss', contentType: 'application/rss+xml; charset=utf-8' },
  { format: 'json', extension: 'json', contentType: 'application/feed+json; charset=utf-8' },
] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number]['format'];

import { Parser } from 'htmlparser2';
import { OpmlError } from '../errors/opml-error.js';
import { TRIBUTARY_NS } from './write-opml.js';

/** One feed subscription of an OPML file: an outline with an `xmlUrl`. */
export interface OpmlSubscription {
  /** The xmlUrl as written (trimmed); not checked to be a URL. */
  url: string;
  /** `text`, else `title`: what the reader showed. */
  name?: string;
  /** `text` (else `title`) of the nearest enclosing outline: the folder it was filed in. */
  folder?: string;
  /** The `category` attribute: comma-separated, each entry stripped of slashes at its ends. */
  categories: string[];
  /** What Tributary's own export adds (`tributary:key`, …), so a round trip loses nothing. */
  key?: string;
  schedule?: string;
  enabled?: boolean;
}

export interface OpmlDocument {
  title?: string;
  subscriptions: OpmlSubscription[];
}

/**
 * Reads an OPML 1.0, 1.1 or 2.0 subscription list. Outlines with an `xmlUrl` are subscriptions,
 * whatever their `type` (readers write rss, atom, or nothing); any other outline with children is a
 * folder. Lenient about the XML, as readers' exports need: attribute names in any case, unknown
 * elements ignored. Throws OpmlError when there is no `<opml>` root or no `<body>`; `file` only
 * names the file in that message. Pure.
 */
export function readOpml(file: string, text: string): OpmlDocument {
  const stack: Array<{ name: string; folder?: string }> = [];
  const subscriptions: OpmlSubscription[] = [];
  let root: string | undefined;
  let hasBody = false;
  let title: string | undefined;
  let inTitle = false;

  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const name = tag.toLowerCase();
        root ??= name;
        if (name === 'body' && stack.length === 1) hasBody = true;
        inTitle = name === 'title' && stack.at(-1)?.name === 'head';
        if (name !== 'outline' || root !== 'opml') {
          stack.push({ name });
          return;
        }
        const attrs = lowerCaseKeys(attributes);
        const label = nonEmpty(attrs.text) ?? nonEmpty(attrs.title);
        const url = nonEmpty(attrs.xmlurl);
        if (url !== undefined) subscriptions.push(toSubscription(url, label, nearestFolder(stack), attrs));
        // A subscription's label names the feed, not a folder, should it ever hold outlines itself.
        stack.push({ name, ...(label === undefined || url !== undefined ? {} : { folder: label }) });
      },
      ontext(text) {
        if (inTitle) title = (title ?? '') + text;
      },
      onclosetag() {
        inTitle = false;
        stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(text);

  if (root !== 'opml') throw new OpmlError(file, root ? `not OPML: the root element is <${root}>` : 'not OPML: no XML element found');
  if (!hasBody) throw new OpmlError(file, 'not OPML: no <body>');
  const cleanTitle = title?.trim();
  return { ...(cleanTitle ? { title: cleanTitle } : {}), subscriptions };
}

function toSubscription(url: string, name: string | undefined, folder: string | undefined, attrs: Record<string, string>): OpmlSubscription {
  const key = nonEmpty(attrs[`${TRIBUTARY_NS.prefix}:key`]);
  const schedule = nonEmpty(attrs[`${TRIBUTARY_NS.prefix}:schedule`]);
  const enabled = attrs[`${TRIBUTARY_NS.prefix}:enabled`]?.trim();
  return {
    url,
    ...(name === undefined ? {} : { name }),
    ...(folder === undefined ? {} : { folder }),
    categories: splitCategories(attrs.category),
    ...(key === undefined ? {} : { key }),
    ...(schedule === undefined ? {} : { schedule }),
    ...(enabled === 'false' ? { enabled: false } : {}),
  };
}

/** The label of the nearest enclosing outline that has one. */
function nearestFolder(stack: ReadonlyArray<{ name: string; folder?: string }>): string | undefined {
  for (let i = stack.length - 1; i >= 0 && stack[i]!.name === 'outline'; i--) {
    if (stack[i]!.folder !== undefined) return stack[i]!.folder;
  }
  return undefined;
}

/** OPML 2.0 `category`: "/Boston/Weather,tech" → ["Boston/Weather", "tech"]. */
function splitCategories(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) =>
      entry
        .trim()
        .replace(/^\/+|\/+$/g, '')
        .trim(),
    )
    .filter((entry) => entry !== '');
}

function lowerCaseKeys(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name.toLowerCase(), value]));
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : undefined;
}

import fc from 'fast-check';
import { DATE_SNIPPETS, ENTITY_SNIPPETS, MARKUP_EDGE_SNIPPETS, SCRIPT_SNIPPETS } from './hostile-snippets.js';

/** Half of a surrogate pair, alone: not text at all, but JavaScript strings (and JSON escapes) allow it. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\u200b', '\ufeff'), maxLength: 6 });

const htmlTag = fc.constantFrom(
  '<p>',
  '</p>',
  '<br>',
  '<b>',
  '</b>',
  '<img src="/i.png">',
  '<a href="/x">',
  '</a>',
  '<ul><li>',
  '</li></ul>',
  '<h1>',
  '<table><tr><td>',
  '<iframe src="https://www.youtube.com/embed/x"></iframe>',
  '<video src="v.mp4">',
  '<pre>',
  '<blink>',
  '<!-- c -->',
);

/** Words a reader should see, markup around them, and the snippets that attack readers. */
const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: whitespace },
  { weight: 2, arbitrary: htmlTag },
  { weight: 2, arbitrary: fc.constantFrom(...SCRIPT_SNIPPETS) },
  { weight: 1, arbitrary: fc.constantFrom(...ENTITY_SNIPPETS, ...MARKUP_EDGE_SNIPPETS) },
);

/** Any text a feed field might hold: empty, whitespace, unicode, markup, hostile, or a mix. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.array(fragment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')) },
);

/** Links as feeds write them: absolute, relative, scripting, broken, international, or just text. */
export const nastyUrl: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:image/png;base64,iVBORw0KGgo=',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/relative/path',
      '../up/one',
      '?q=1',
      '#frag',
      'mailto:a@b.example',
      'http://[::1',
      'http://',
      'https://例え.jp/パス?q=ü',
      'http://127.0.0.1:0/',
      'file:///etc/passwd',
      'https://user:pass@host.example/',
      'urn:uuid:00000000-0000-0000-0000-000000000000',
      '',
    ),
  },
  { weight: 1, arbitrary: nastyText },
);

const dateFormats = [
  (date: Date) => date.toUTCString(),
  (date: Date) => date.toISOString(),
  (date: Date) => date.toISOString().replace('Z', '+05:30'),
  (date: Date) => date.toString(),
  (date: Date) => String(date.getTime()),
];

/** Dates in the formats feeds use, at any point the Date type can hold, and dates no calendar has. */
export const nastyDate: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2030-01-01') }), fc.constantFrom(...dateFormats)).map(([date, format]) => format(date)) },
  { weight: 1, arbitrary: fc.tuple(fc.date({ noInvalidDate: true }), fc.constantFrom(...dateFormats)).map(([date, format]) => format(date)) },
  { weight: 1, arbitrary: fc.constantFrom(...DATE_SNIPPETS) },
  { weight: 1, arbitrary: nastyText },
);

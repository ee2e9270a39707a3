import { describe, expect, it } from 'vitest';
import { BODY_CODES, BodyTooLargeError, DecompressionError, UnsupportedEncodingError } from '../../src/errors/body-errors.js';
import { CONFIG_CODES, ConfigError } from '../../src/errors/config-error.js';
import { DOCUMENT_CODES, DocumentError } from '../../src/errors/document-error.js';
import { OPML_CODES, OpmlError } from '../../src/errors/opml-error.js';
import { PARSE_CODES, ParseError } from '../../src/errors/parse-error.js';
import { STORE_CODES, StoreError } from '../../src/errors/store-error.js';
import { STORY_STATE_CODES, StoryStateError } from '../../src/errors/story-state-error.js';
import { TributaryError } from '../../src/errors/tributary-error.js';

describe('every error class', () => {
  const cases: Array<[string, TributaryError, readonly string[]]> = [
    ['BodyTooLargeError', new BodyTooLargeError(1024), BODY_CODES],
    ['UnsupportedEncodingError', new UnsupportedEncodingError('zstd'), BODY_CODES],
    ['DecompressionError', new DecompressionError('br', new Error('Decompression failed')), BODY_CODES],
    ['ConfigError', new ConfigError('feeds.json', [{ path: '', message: 'file not found' }]), CONFIG_CODES],
    ['ConfigError', ConfigError.usage('--role: no role given'), CONFIG_CODES],
    ['DocumentError', new DocumentError('not XML or JSON'), DOCUMENT_CODES],
    ['OpmlError', new OpmlError('subs.opml', 'not OPML: no <body>'), OPML_CODES],
    ['ParseError', new ParseError('news', 'https://news.example/feed', 'not XML or JSON'), PARSE_CODES],
    ['StoreError', new StoreError('open', 'sqlite://x.db', 'database is locked'), STORE_CODES],
    ['StoryStateError', new StoryStateError('story state: not an object'), STORY_STATE_CODES],
  ];

  it.each(cases)('%s is a TributaryError, named after its class, with a code from its list', (name, error, codes) => {
    expect(error).toBeInstanceOf(TributaryError);
    expect(error.name).toBe(name);
    expect(codes).toContain(error.code);
  });

  it('keeps the messages the body and document errors had', () => {
    expect(new BodyTooLargeError(1024).message).toBe('body larger than 1024 bytes');
    expect(new UnsupportedEncodingError('zstd').message).toBe('unsupported Content-Encoding zstd');
    expect(new DecompressionError('gzip', new Error('incorrect header check')).message).toBe('could not decompress the body: incorrect header check');
    expect(new DocumentError('not XML or JSON').message).toBe('not XML or JSON');
  });
});

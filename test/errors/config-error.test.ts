import { describe, expect, it } from 'vitest';
import { ConfigError, isConfigError } from '../../src/errors/config-error.js';
import { TributaryError } from '../../src/errors/tributary-error.js';

describe('ConfigError', () => {
  it('names the file and the JSON path of every problem in the file (CONFIG_INVALID)', () => {
    const error = new ConfigError('feeds.json', [
      { path: 'sources[0].url', message: 'not a URL' },
      { path: '', message: 'not valid JSON' },
    ]);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('feeds.json: sources[0].url: not a URL\nfeeds.json: not valid JSON');
  });

  it('is a usage error (CONFIG_USAGE) about the command line, with its message as given and no file', () => {
    const error = ConfigError.usage('--role: no role given');
    expect(error).toBeInstanceOf(TributaryError);
    expect(isConfigError(error)).toBe(true);
    expect(error.code).toBe('CONFIG_USAGE');
    expect(error.message).toBe('--role: no role given');
    expect(error.file).toBe('');
    expect(error.problems).toEqual([{ path: '', message: '--role: no role given' }]);
  });

  it('keeps a cause only when one is given', () => {
    expect('cause' in ConfigError.usage('--role: no role given')).toBe(false);
    expect(new ConfigError('feeds.json', [], { cause: 'EACCES' }).cause).toBe('EACCES');
  });
});

import { expect } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors/index.js';

/** The problems a config is refused with, one line each; fails the test when it is accepted. */
export function problemsOf(file: string, json: unknown): string[] {
  try {
    parseConfig(file, JSON.stringify(json));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected the config to be refused');
}

import { describe, expect, it } from 'vitest';
import { importsLeaving } from '../helpers/module-imports.js';

describe('src/model/', () => {
  it('imports nothing from elsewhere in src/: only its own files and packages', () => {
    expect(importsLeaving('src/model')).toEqual([]);
  });
});

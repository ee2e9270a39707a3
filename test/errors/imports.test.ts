import { describe, expect, it } from 'vitest';
import { importsLeaving, importsOf } from '../helpers/module-imports.js';

describe('src/errors/', () => {
  it('imports nothing from elsewhere in src/: only its own files and packages', () => {
    expect(importsLeaving('src/errors')).toEqual([]);
  });
});

describe('the import check', () => {
  it('sees static, re-exported, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../model/b.js';",
      "export { c } from '../fetcher/c.js';",
      "import '../d.js';",
      "const e = await import('../e.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', '../model/b.js', '../fetcher/c.js', '../d.js', '../e.js', 'zod']);
  });
});

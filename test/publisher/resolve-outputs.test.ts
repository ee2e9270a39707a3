import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';

const config = (outputs: unknown[], output: Record<string, unknown> = {}) =>
  parseConfig(
    'feeds.json',
    JSON.stringify({
      output: { title: 'All', id: 'urn:tributary:all', selfUrl: 'https://news.example/feeds/all.atom', link: 'https://news.example/', maxItems: 80, ...output },
      sources: [{ key: 'coindesk', name: 'CoinDesk', url: 'https://coindesk.example/rss' }],
      outputs,
    }),
  );

describe('resolving the outputs of a config', () => {
  it('puts the default output "all" first, unfiltered, with the output block\'s header and links', () => {
    const [all] = resolveOutputs(config([]));
    expect(all).toEqual({
      name: 'all',
      feed: {
        id: 'urn:tributary:all',
        title: 'All',
        link: 'https://news.example/',
        urls: { atom: 'https://news.example/feeds/all.atom', rss: 'https://news.example/feeds/all.rss', json: 'https://news.example/feeds/all.json' },
      },
      maxItems: 80,
      filter: {},
      kind: 'items',
    });
  });

  it('fills a named output from the output block: maxItems, link, self URLs beside all.atom, and a stable derived id', () => {
    const [, crypto] = resolveOutputs(config([{ name: 'crypto', title: 'Crypto', filter: { categories: ['crypto'] } }]));
    expect(crypto).toEqual({
      name: 'crypto',
      feed: {
        id: expect.stringMatching(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5/),
        title: 'Crypto',
        link: 'https://news.example/',
        urls: { atom: 'https://news.example/feeds/crypto.atom', rss: 'https://news.example/feeds/crypto.rss', json: 'https://news.example/feeds/crypto.json' },
      },
      maxItems: 80,
      filter: { categories: ['crypto'] },
      kind: 'items',
    });
    const [, again] = resolveOutputs(config([{ name: 'crypto', title: 'Renamed' }]));
    const [, other] = resolveOutputs(config([{ name: 'ai', title: 'Crypto' }]));
    expect(again!.feed.id).toBe(crypto!.feed.id);
    expect(other!.feed.id).not.toBe(crypto!.feed.id);
  });

  it("keeps a named output's own id, links, description and maxItems", () => {
    const [, ai] = resolveOutputs(
      config([{ name: 'ai', title: 'AI', id: 'tag:news.example,2025:ai', selfUrl: 'https://cdn.example/x/ai-feed.atom', link: 'https://news.example/ai', description: 'AI only', maxItems: 5 }]),
    );
    expect(ai).toMatchObject({
      feed: {
        id: 'tag:news.example,2025:ai',
        description: 'AI only',
        link: 'https://news.example/ai',
        urls: { atom: 'https://cdn.example/x/ai-feed.atom', rss: 'https://cdn.example/x/ai.rss', json: 'https://cdn.example/x/ai.json' },
      },
      maxItems: 5,
    });
  });

  it('gives every output the WebSub hubs of the output block, when it has self links', () => {
    const outputs = resolveOutputs(config([{ name: 'crypto', title: 'Crypto' }], { hubs: ['https://hub.example/'] }));
    expect(outputs.map((output) => output.feed.hubs)).toEqual([['https://hub.example/'], ['https://hub.example/']]);
    // The config refuses hubs without a selfUrl; an output with no self link advertises none all the same.
    const noSelf = config([]);
    expect(resolveOutputs({ ...noSelf, output: { ...noSelf.output, hubs: ['https://hub.example/'], selfUrl: undefined } })[0]!.feed.hubs).toBeUndefined();
  });

  it('gives no self links when neither the output nor the output block has a selfUrl', () => {
    const outputs = resolveOutputs(config([{ name: 'ai', title: 'AI' }], { selfUrl: undefined }));
    expect(outputs.map((output) => output.feed.urls)).toEqual([undefined, undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { problemsOf as problemsOfConfig } from '../helpers/config-problems.js';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';

const FILE = 'config/feeds.json';

function withOutputs(outputs: unknown): Record<string, unknown> {
  return {
    output: { title: 'All', id: 'urn:test:all' },
    sources: [
      { key: 'a', name: 'A', url: 'https://a.example/feed' },
      { key: 'b', name: 'B', url: 'https://b.example/feed' },
    ],
    outputs,
  };
}

const problemsOf = (json: unknown) => problemsOfConfig(FILE, json);

describe('the outputs of the config', () => {
  it('default to none beside the output block', () => {
    const { outputs } = parseConfig(FILE, JSON.stringify({ output: { title: 'All', id: 'urn:test:all' }, sources: [] }));
    expect(outputs).toEqual([]);
  });

  it('accept a named output with a filter on every criterion', () => {
    const filter = {
      sources: ['a'],
      categories: ['crypto'],
      tags: ['btc'],
      include: ['etf'],
      exclude: ['sponsored'],
      languages: ['en'],
      sentiments: ['NEGATIVE'],
      topics: ['BTC'],
    };
    const { outputs } = parseConfig(FILE, JSON.stringify(withOutputs([{ name: 'crypto-etf', title: 'ETFs', maxItems: 20, filter }])));
    expect(outputs).toEqual([{ name: 'crypto-etf', title: 'ETFs', maxItems: 20, filter, kind: 'items' }]);
  });

  it('take a stories output while stories are enabled, and refuse one when they are not', () => {
    expect(parseConfig(FILE, JSON.stringify(withOutputs([{ name: 'stories', title: 'Stories', kind: 'stories' }]))).outputs[0]!.kind).toBe('stories');
    expect(problemsOf({ ...withOutputs([{ name: 'stories', title: 'Stories', kind: 'stories' }]), stories: { enabled: false } })).toEqual([
      'config/feeds.json: outputs[0].kind: a stories output needs stories.enabled',
    ]);
  });

  it('refuse a filter naming a source that does not exist, with the JSON path', () => {
    expect(problemsOf(withOutputs([{ name: 'x', title: 'X', filter: { sources: ['a', 'nope'] } }]))).toEqual(['config/feeds.json: outputs[0].filter.sources[1]: no source has the key "nope"']);
  });

  it('refuse the name "all", names outside [a-z0-9-], and a name used twice', () => {
    expect(problemsOf(withOutputs([{ name: 'all', title: 'X' }]))).toEqual(['config/feeds.json: outputs[0].name: "all" is the name of the default output (the output block)']);
    expect(problemsOf(withOutputs([{ name: 'Crypto News', title: 'X' }]))).toEqual(['config/feeds.json: outputs[0].name: must match [a-z0-9-]+ (lower-case letters, digits, dashes)']);
    expect(
      problemsOf(
        withOutputs([
          { name: 'ai', title: 'X' },
          { name: 'b', title: 'B' },
          { name: 'ai', title: 'Y' },
        ]),
      ),
    ).toEqual(['config/feeds.json: outputs[2].name: duplicate name "ai" (also outputs[0].name)']);
  });

  it('refuse unknown fields, empty lists and a missing title', () => {
    expect(problemsOf(withOutputs([{ name: 'x', title: 'X', filter: { category: ['ai'] } }]))).toEqual(['config/feeds.json: outputs[0].filter: unknown field "category"']);
    expect(problemsOf(withOutputs([{ name: 'x', title: 'X', filter: { include: [] } }]))).toEqual(['config/feeds.json: outputs[0].filter.include: must not be empty']);
    expect(problemsOf(withOutputs([{ name: 'x' }]))).toEqual(['config/feeds.json: outputs[0].title: required (string)']);
  });

  it('refuse a sentiment that is not POSITIVE, NEUTRAL or NEGATIVE, naming the ones it takes', () => {
    const [problem] = problemsOf(withOutputs([{ name: 'x', title: 'X', filter: { sentiments: ['bullish'] } }]));
    expect(problem).toMatch(/^config\/feeds\.json: outputs\[0\]\.filter\.sentiments\[0\]: .*POSITIVE.*NEUTRAL.*NEGATIVE/);
  });

  it('refuse WebSub hubs without output.selfUrl, even when a named output has a selfUrl of its own', () => {
    const hubs = ['https://hub.example/'];
    const message = 'config/feeds.json: output.hubs: WebSub hubs need output.selfUrl, the public URL that readers subscribe to and hubs are pinged with';
    expect(problemsOf({ ...withOutputs([]), output: { title: 'All', id: 'urn:test:all', hubs } })).toEqual([message]);
    expect(problemsOf({ ...withOutputs([{ name: 'x', title: 'X', selfUrl: 'https://news.example/x.atom' }]), output: { title: 'All', id: 'urn:test:all', hubs } })).toEqual([message]);
    const withSelf = { ...withOutputs([]), output: { title: 'All', id: 'urn:test:all', selfUrl: 'https://news.example/all.atom', hubs } };
    expect(parseConfig(FILE, JSON.stringify(withSelf)).output.hubs).toEqual(hubs);
  });

  it('ship two example outputs in config/feeds.json, crypto and ai', async () => {
    const { outputs } = await loadConfig('config/feeds.json');
    expect(outputs.map((output) => [output.name, output.filter?.categories])).toEqual([
      ['crypto', ['crypto']],
      ['ai', ['ai']],
    ]);
  });
});

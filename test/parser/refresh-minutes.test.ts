import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parser/parse-feed.js';

const rss = (channelExtra: string, namespaces = '') =>
  `<?xml version="1.0"?><rss version="2.0"${namespaces}><channel><title>t</title><link>https://x.example/</link><description>d</description>${channelExtra}<item><title>a</title><guid>a</guid></item></channel></rss>`;
const SY = ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"';
const parse = (text: string) => parseFeed(text, { sourceKey: 'x', url: 'https://x.example/feed' });

describe("reading a feed's own polling hint", () => {
  it('reads <ttl> in minutes', async () => {
    expect((await parse(rss('<ttl>90</ttl>'))).refreshMinutes).toBe(90);
  });

  it('reads sy:updatePeriod divided by sy:updateFrequency', async () => {
    expect((await parse(rss('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>', SY))).refreshMinutes).toBe(30);
    expect((await parse(rss('<sy:updatePeriod>daily</sy:updatePeriod>', SY))).refreshMinutes).toBe(1440);
  });

  it('ignores nonsense values', async () => {
    expect((await parse(rss('<ttl>soon</ttl>'))).refreshMinutes).toBeUndefined();
    expect((await parse(rss('<sy:updatePeriod>fortnightly</sy:updatePeriod>', SY))).refreshMinutes).toBeUndefined();
    expect((await parse(rss(''))).refreshMinutes).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { withItemsInChannel } from '../../src/parser/items-outside-channel.js';

describe('withItemsInChannel', () => {
  it('moves the </channel> that items follow to just before </rss>', () => {
    expect(withItemsInChannel('<rss><channel><title>T</title></channel><image/><item><title>A</title></item></rss>')).toBe(
      '<rss><channel><title>T</title><image/><item><title>A</title></item></channel></rss>',
    );
  });

  it('leaves a document with no </rss> (truncated) to the lenient pass', () => {
    const truncated = '<rss><channel><title>T</title></channel><item><title>A</title>';
    expect(withItemsInChannel(truncated)).toBe(truncated);
  });

  it('leaves a document whose items are in its channel as it is', () => {
    const document = '<rss><channel><item><title>A</title></item></channel></rss>';
    expect(withItemsInChannel(document)).toBe(document);
    expect(withItemsInChannel('<rss><channel/></rss>')).toBe('<rss><channel/></rss>');
  });
});

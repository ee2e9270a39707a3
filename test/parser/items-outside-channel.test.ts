import { describe, expect, it } from 'vitest';
import { withItemsInChannel } from '../../src/parser/items-outside-channel.js';

describe('withItemsInChannel', () => {
  it('moves the </channel> that items follow to just before </rss>', () => {
    expect(withItemsInChannel('<rss><channel><title>T</title></channel><image/><item><title>A</title></item></rss>')).toBe(
      '<rss><channel><title>T</title><image/><item><title>A</title></item></channel></rss>',
    );
  });

  it('drops it when the document has no </rss> (truncated), for the lenient pass to close', () => {
    expect(withItemsInChannel('<rss><channel><title>T</title></channel><item><title>A</title>')).toBe('<rss><channel><title>T</title><item><title>A</title>');
  });

  it('leaves a document whose items are in its channel as it is', () => {
    const document = '<rss><channel><item><title>A</title></item></channel></rss>';
    expect(withItemsInChannel(document)).toBe(document);
    expect(withItemsInChannel('<rss><channel/></rss>')).toBe('<rss><channel/></rss>');
  });
});

import { z } from 'zod';
import { SentimentLabelSchema } from '../model/item.js';

const keywordList = z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must not be empty');

/** What an output (or the archive) takes of the items; compiled by publisher/output-filter.ts. */
export const OutputFilterSchema = z
  .object({
    sources: keywordList.optional().describe('Keys of the sources whose items the output takes (each must be a key in sources).'),
    categories: keywordList.optional().describe("Categories the output takes, ignoring case (the item's category: the source's configured one, else the feed's first)."),
    tags: keywordList.optional().describe('Tags the output takes, ignoring case: an item with any of them.'),
    include: keywordList.optional().describe('Keywords, ignoring case, as whole words or phrases in the title or description: an item with any of them (AI matches "AI agents", not "said").'),
    exclude: keywordList.optional().describe('Keywords, ignoring case, as whole words in the title or description: an item with any of them is left out, whatever else matches.'),
    languages: keywordList.optional().describe('Languages the output takes, as primary language subtags ignoring case: "en" takes en, en-US and en-GB (the item\'s language, detected from its text).'),
    sentiments: z.array(SentimentLabelSchema).min(1).optional().describe('Sentiments the output takes: POSITIVE, NEUTRAL, NEGATIVE.'),
    topics: keywordList.optional().describe('Topic codes the output takes, ignoring case (enrichment.topics): an item about any of them.'),
  })
  .strict()
  .describe('Every criterion given must match; any value within one list will do; exclude wins.');

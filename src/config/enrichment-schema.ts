import { z } from 'zod';

export const TopicSchema = z
  .object({
    terms: z
      .array(z.string().trim().min(1))
      .default([])
      .describe('Words and phrases, matched ignoring case as whole words in the title or description; a trailing * matches any ending ("miner*" finds "miners").'),
    tickers: z
      .array(z.string().regex(/^[A-Z0-9]{2,12}$/, 'capitals and digits, 2 to 12 of them, like SOL'))
      .default([])
      .describe('Symbols matched only as written, in capitals, as whole words, with or without a leading $ ("SOL" finds "SOL" and "$SOL", not "sol").'),
  })
  .strict()
  .refine((topic) => topic.terms.length + topic.tickers.length > 0, { message: 'give at least one term or ticker' });

export const EnrichmentConfigSchema = z
  .object({
    language: z
      .boolean()
      .default(true)
      .describe("Detect each item's language from its text: the feed's declared language is kept when the text agrees or says too little, and overruled when it clearly says otherwise."),
    sentiment: z.boolean().default(true).describe('Give each item a sentiment (POSITIVE, NEUTRAL or NEGATIVE, with a score) from its title and description, unless its source gives one.'),
    defaultTopics: z
      .boolean()
      .default(true)
      .describe('Start from the shipped dictionary of crypto and AI topics (BTC, ETH, SOL, STABLECOIN, MINING, REGULATION, ETF, HACK, AI, CHIPS, …); topics adds to it and overrides it.'),
    topics: z
      .record(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'a topic code: capitals, digits, _ and -, like BTC'), z.union([TopicSchema, z.literal(false)]))
      .default({})
      .describe(
        "Topic code → the terms and tickers that mark it. Codes are matched on the title and description; those found lead the item's tags, in dictionary order (the shipped codes first, then these), and the first becomes its category when its source has none configured. A code set to false drops a shipped one.",
      ),
  })
  .strict();

export type EnrichmentConfig = z.output<typeof EnrichmentConfigSchema>;
export type TopicConfig = z.output<typeof TopicSchema>;

import { z } from 'zod';

/** The kind of document an item came from, as the seeds' `source.type` names it. */
export const SourceTypeSchema = z.enum(['RSS', 'ATOM', 'RDF', 'JSON']);
export type SourceType = z.infer<typeof SourceTypeSchema>;

/** Where an item came from: the configured source and the format its feed was in. */
export const SourceRefSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  type: SourceTypeSchema,
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

const isoDate = z.iso.datetime({ offset: false });
const absoluteUrl = z.url({ protocol: /^https?$/ });

/**
 * An item's image. The seeds carry Unsplash renditions (raw, full, small, …); feeds give one URL,
 * so `url` is that one image, with whatever size and type the feed stated.
 */
export const CoverImageSchema = z.object({
  url: absoluteUrl,
  type: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type CoverImage = z.infer<typeof CoverImageSchema>;

export const EnclosureSchema = z.object({
  url: absoluteUrl,
  type: z.string().optional(),
  length: z.number().int().nonnegative().optional(),
});
export type Enclosure = z.infer<typeof EnclosureSchema>;

/** The seeds' three sentiment labels. */
export const SENTIMENT_LABELS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;
export const SentimentLabelSchema = z.enum(SENTIMENT_LABELS);
export type SentimentLabel = z.infer<typeof SentimentLabelSchema>;

/**
 * What an item's text says of its news: a label and a score in [-1, 1] (negative below 0). Computed
 * from the title and description, unless the source said so itself (`from: 'source'`).
 */
export const SentimentSchema = z.object({
  label: SentimentLabelSchema,
  score: z.number().min(-1).max(1),
  from: z.enum(['text', 'source']),
});
export type Sentiment = z.infer<typeof SentimentSchema>;

/**
 * The one universal item every stage speaks, shaped after the front matter of the seed documents.
 * Dates are ISO 8601 strings in UTC (`2025-12-16T15:34:37.000Z`); URLs are absolute.
 */
export const ItemSchema = z.object({
  /** Stable id within its source: the guid / Atom id, else derived from the link, else from title and date. */
  externalId: z.string().min(1),
  title: z.string(),
  /** Plain-text summary: no markup, entities decoded, whitespace collapsed. */
  description: z.string(),
  /** Sanitized HTML body, when the feed had one. */
  content: z.string().optional(),
  link: absoluteUrl.optional(),
  author: z.string().optional(),
  publishedAt: isoDate,
  updatedAt: isoDate,
  /** BCP 47 tag: detected from the text, else as the feed declares it. */
  lang: z.string().optional(),
  source: SourceRefSchema,
  category: z.string().optional(),
  tags: z.array(z.string()),
  /** Codes of the topics the title and description are about (config `enrichment.topics`), first the most specific; they lead the tags too. */
  topics: z.array(z.string()).optional(),
  sentiment: SentimentSchema.optional(),
  coverImage: CoverImageSchema.optional(),
  enclosures: z.array(EnclosureSchema),
});
export type Item = z.infer<typeof ItemSchema>;

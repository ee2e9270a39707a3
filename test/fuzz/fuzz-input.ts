/** One fuzz case as the feed server serves it. */
export interface FuzzInput {
  /** What made it, for reports: `bytes of rss2.xml`, `atom built from 3 items`, … */
  label: string;
  body: Buffer;
  contentType: string;
}

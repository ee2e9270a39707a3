import type { IndexRef, IndexRow, NewestIndex } from './newest-index.js';

type Scored = Array<{ value: unknown; score: number }>;
type RangeOptions = { BY?: 'SCORE'; REV?: boolean; LIMIT?: { offset: number; count: number } };

/**
 * The commands used here, as node-redis 5 names them. Declared, not taken from node-redis's own
 * types: instantiating its client and MULTI types exhausts the TypeScript compiler's memory.
 */
export interface RedisIndexClient {
  multi(): RedisIndexMulti;
  zRangeWithScores(key: string, min: number | string, max: number | string, options?: RangeOptions): Promise<Scored>;
  zRevRank(key: string, member: string): Promise<number | null>;
  zCount(key: string, min: number | string, max: number | string): Promise<number>;
  zmScore(key: string, members: string[]): Promise<Array<number | null>>;
  hmGet(key: string, fields: string[]): Promise<Array<unknown>>;
}

interface RedisIndexMulti {
  zAdd(key: string, members: Array<{ score: number; value: string }>): RedisIndexMulti;
  hSet(key: string, fields: Record<string, string>): RedisIndexMulti;
  addCommand(args: string[]): RedisIndexMulti;
  exec(): Promise<unknown>;
}

type RedisClient = RedisIndexClient;

/**
 * KEYS: the order, expiry and meta keys; ARGV: now (ms), the capacity. Drops the rows expired at
 * now, then the oldest beyond the capacity (ZRANGE's ascending order is the index's reversed, ties
 * included), in that order so that expired rows do not count against the capacity. In chunks:
 * unpack takes a few thousand values at most.
 */
const PRUNE = `local function drop(members)
  for i = 1, #members, 1000 do
    local last = math.min(i + 999, #members)
    redis.call('ZREM', KEYS[1], unpack(members, i, last))
    redis.call('ZREM', KEYS[2], unpack(members, i, last))
    redis.call('HDEL', KEYS[3], unpack(members, i, last))
  end
end
drop(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1]))
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if over > 0 then drop(redis.call('ZRANGE', KEYS[1], 0, over - 1)) end
return 0`;

/*
 * The index in Redis: a sorted set by publishedAt (Redis orders equal scores by member, which with
 * REV is the index's "ties by key descending"), a sorted set by expiry to find rows of expired
 * items, and a hash of each row's source and canonical link. A commit's rows and the pruning go in
 * one MULTI, the pruning a script: several workers may commit at once, and each prune sees the
 * index whole, so none trims it below the capacity.
 */
export class RedisNewestIndex implements NewestIndex {
  private readonly orderKey: string;
  private readonly expiryKey: string;
  private readonly metaKey: string;

  constructor(
    private readonly client: () => Promise<RedisClient>,
    prefix: string,
    private readonly capacity: number,
  ) {
    this.orderKey = `${prefix}:index:newest`;
    this.expiryKey = `${prefix}:index:expiry`;
    this.metaKey = `${prefix}:index:meta`;
  }

  async commit(rows: readonly IndexRow[], nowMs: number, setEntries: () => Promise<void>): Promise<void> {
    await this.write(rows, nowMs);
    await setEntries();
  }

  private async write(rows: readonly IndexRow[], nowMs: number): Promise<void> {
    const multi = (await this.client()).multi();
    if (rows.length > 0) {
      multi.zAdd(
        this.orderKey,
        rows.map((row) => ({ score: row.publishedMs, value: row.key })),
      );
      multi.zAdd(
        this.expiryKey,
        rows.map((row) => ({ score: row.expiresMs, value: row.key })),
      );
      multi.hSet(this.metaKey, Object.fromEntries(rows.map((row) => [row.key, JSON.stringify([row.sourceKey, row.linkKey ?? null])])));
    }
    multi.addCommand(['EVAL', PRUNE, '3', this.orderKey, this.expiryKey, this.metaKey, String(nowMs), String(this.capacity)]);
    await multi.exec();
  }

  async *pages(pageSize: number, nowMs: number): AsyncGenerator<IndexRef[], void, undefined> {
    let last: { key: string; publishedMs: number } | undefined;
    for (;;) {
      const client = await this.client();
      const scored = last === undefined ? await client.zRangeWithScores(this.orderKey, 0, pageSize - 1, { REV: true }) : await this.after(client, last, pageSize);
      if (scored.length === 0) return;
      const keys = scored.map(({ value }) => String(value));
      const [metas, expiries] = await Promise.all([client.hmGet(this.metaKey, keys), client.zmScore(this.expiryKey, keys)]);
      const page: IndexRef[] = [];
      scored.forEach(({ value, score }, i) => {
        const expires = expiries[i];
        const meta = metas[i];
        if (meta === null || meta === undefined || expires === null || expires === undefined || Number(expires) <= nowMs) return;
        const [sourceKey, linkKey] = JSON.parse(String(meta)) as [string, string | null];
        page.push({ key: String(value), publishedMs: Number(score), sourceKey, ...(linkKey === null ? {} : { linkKey }) });
      });
      if (page.length > 0) yield page;
      if (scored.length < pageSize) return;
      const tail = scored[scored.length - 1]!;
      last = { key: String(tail.value), publishedMs: Number(tail.score) };
    }
  }

  async count(nowMs: number): Promise<number> {
    const client = await this.client();
    return client.zCount(this.expiryKey, `(${nowMs}`, '+inf');
  }

  async nextExpiryMs(nowMs: number): Promise<number | undefined> {
    const client = await this.client();
    const [first] = await client.zRangeWithScores(this.expiryKey, `(${nowMs}`, '+inf', { BY: 'SCORE', LIMIT: { offset: 0, count: 1 } });
    return first === undefined ? undefined : Number(first.score);
  }

  /** The page after `last`: from its rank when it is still there, else from below its score. */
  private async after(client: RedisClient, last: { key: string; publishedMs: number }, pageSize: number) {
    const rank = await client.zRevRank(this.orderKey, last.key);
    if (rank !== null) return client.zRangeWithScores(this.orderKey, rank + 1, rank + pageSize, { REV: true });
    const below = await client.zRangeWithScores(this.orderKey, `(${last.publishedMs}`, '-inf', { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: pageSize } });
    return below;
  }
}

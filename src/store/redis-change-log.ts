import { randomUUID } from 'node:crypto';
import { formatCursor, positionIn, type ChangeLog, type ChangePage } from './change-log.js';
import type { RedisCommitMulti } from './redis-commit-multi.js';

/** The one command used outside a MULTI, as node-redis 5 names it; raw replies (RESP2). */
export interface RedisChangeClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/*
 * The change log in Redis: a stream, one entry per changed key, XADDed in the MULTI of the commit's
 * items (RedisCommitMulti), so the entry and the item land together. Stream ids grow with every
 * entry whichever process adds it, so a reader past an id has seen everything before it. The same
 * MULTI trims the entries older than the retention, and remembers the newest id it deleted (the
 * stream does not: its max-deleted-entry-id counts XDEL only), which tells a reader whose cursor is
 * older that it missed some. The log's id is a key beside the stream, created by the first reader
 * or writer: a FLUSHALL makes a new log.
 */

/**
 * KEYS: the stream, the key of the newest id trimmed; ARGV: the oldest id kept (ms). Entries below
 * it go (always the oldest, so what went is everything up to the one remembered).
 */
const TRIM_SCRIPT = `local newest = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1], '-', 'COUNT', 1)
if #newest == 0 then return 0 end
redis.call('SET', KEYS[2], newest[1][1])
return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])`;
export class RedisChangeLog implements ChangeLog {
  private readonly streamKey: string;
  private readonly idKey: string;
  private readonly trimmedKey: string;

  constructor(
    private readonly client: () => Promise<RedisChangeClient>,
    private readonly multi: RedisCommitMulti,
    prefix: string,
    private readonly retentionMs: number,
  ) {
    // Not `<prefix>:changes`: a fleet's change counter has that name (cluster/change-signal.ts).
    this.streamKey = `${prefix}:change-log`;
    this.idKey = `${prefix}:change-log:id`;
    this.trimmedKey = `${prefix}:change-log:trimmed`;
  }

  record(keys: readonly string[], nowMs: number, setEntries: () => Promise<void>): Promise<void> {
    const oldestKept = String(Math.max(0, Math.floor(nowMs - this.retentionMs)));
    return this.multi.writeTogether((multi) => {
      multi.addCommand(['SET', this.idKey, randomUUID(), 'NX']);
      for (const key of keys) multi.addCommand(['XADD', this.streamKey, '*', 'key', key]);
      multi.addCommand(['EVAL', TRIM_SCRIPT, '2', this.streamKey, this.trimmedKey, oldestKept]);
    }, setEntries);
  }

  async since(cursor: string | undefined, limit: number): Promise<ChangePage> {
    const client = await this.client();
    const [logId, head, trimmed] = await Promise.all([this.logId(client), this.head(client), client.sendCommand(['GET', this.trimmedKey])]);
    const trimmedThrough = toStreamId(typeof trimmed === 'string' ? trimmed : undefined) ?? [0, 0];
    const position = toStreamId(positionIn(logId, cursor));
    if (position === undefined || compareIds(position, trimmedThrough) < 0 || compareIds(position, head) > 0) {
      return { keys: [], cursor: formatCursor(logId, idText(head)), complete: false };
    }
    const reply = (await client.sendCommand(['XRANGE', this.streamKey, `(${idText(position)}`, '+', 'COUNT', String(limit)])) as Array<[string, string[]]>;
    const keys = reply.map(([, fields]) => fieldOf(fields, 'key')).filter((key): key is string => key !== undefined);
    const last = reply.length > 0 ? reply[reply.length - 1]![0] : idText(position);
    return { keys, cursor: formatCursor(logId, last), complete: true };
  }

  /** The log's id: the one there is, or a new one (SET NX GET: one round trip, whoever comes first). */
  private async logId(client: RedisChangeClient): Promise<string> {
    const fresh = randomUUID();
    const existing = await client.sendCommand(['SET', this.idKey, fresh, 'NX', 'GET']);
    return typeof existing === 'string' ? existing : fresh;
  }

  /** The newest id the stream ever gave (kept when trimming empties it); 0-0 for a stream not created yet. */
  private async head(client: RedisChangeClient): Promise<StreamId> {
    let reply: unknown;
    try {
      reply = await client.sendCommand(['XINFO', 'STREAM', this.streamKey]);
    } catch (error) {
      if (/no such key/i.test(String((error as Error).message))) return [0, 0];
      throw error;
    }
    return toStreamId(fieldOf(reply as unknown[], 'last-generated-id')) ?? [0, 0];
  }
}

/** A stream id, `<ms>-<sequence>`, as two numbers. */
type StreamId = [number, number];

function toStreamId(text: string | undefined): StreamId | undefined {
  const match = text === undefined ? null : /^(\d{1,15})-(\d{1,15})$/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function idText([ms, sequence]: StreamId): string {
  return `${ms}-${sequence}`;
}

function compareIds(a: StreamId, b: StreamId): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** The value after `name` in a flat [name, value, …] reply. */
function fieldOf(fields: readonly unknown[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return String(fields[i + 1]);
  return undefined;
}

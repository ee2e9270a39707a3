import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { firstGzipMember } from '../../src/fetcher/gzip-member.js';

const text = Buffer.from('<rss><channel><title>Member</title></channel></rss>\n'.repeat(50));
const member = gzipSync(text);

/** The member as `gzip -N` writes it: with the original file name, and a comment, in its header. */
function withNameAndComment(gzipped: Buffer): Buffer {
  const header = Buffer.from(gzipped.subarray(0, 10));
  header[3] = 0x08 | 0x10;
  return Buffer.concat([header, Buffer.from('feed.xml\0'), Buffer.from('from the archive\0'), gzipped.subarray(10)]);
}

describe('firstGzipMember', () => {
  it('decodes a whole member and leaves what follows it alone', () => {
    expect(firstGzipMember(member, 1 << 20)).toEqual(text);
    expect(firstGzipMember(Buffer.concat([member, Buffer.from('\n<!-- debug -->')]), 1 << 20)).toEqual(text);
  });

  it('reads past the file name and the comment of the header', () => {
    expect(firstGzipMember(Buffer.concat([withNameAndComment(member), Buffer.from('\n')]), 1 << 20)).toEqual(text);
  });

  it('gives nothing for a member cut short, in its data or in its trailer', () => {
    expect(firstGzipMember(member.subarray(0, member.length >> 1), 1 << 20)).toBeUndefined();
    expect(firstGzipMember(member.subarray(0, member.length - 3), 1 << 20)).toBeUndefined();
  });

  it('gives nothing for a member whose trailer does not match what it decodes to', () => {
    const corrupt = Buffer.from(member);
    corrupt[corrupt.length - 8]! ^= 0xff;
    expect(firstGzipMember(corrupt, 1 << 20)).toBeUndefined();
  });

  it('gives nothing for bytes that are not gzip, or a member that decodes to more than the cap', () => {
    expect(firstGzipMember(Buffer.from('this is not gzip at all'), 1 << 20)).toBeUndefined();
    expect(firstGzipMember(member, text.length - 1)).toBeUndefined();
  });
});

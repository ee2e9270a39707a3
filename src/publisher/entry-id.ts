import { createHash } from 'node:crypto';

// RFC 4122 name-based (v5) UUIDs: a stable, valid URN for every entry, derived from what identifies
// the item (source key + externalId), so ids survive restarts and re-renders. Written out here
// because it is ten lines and the `uuid` package would be a dependency for one function.
const TRIBUTARY_NAMESPACE = Buffer.from('6f1c4c0e8e2a4f6b9a51d3b2c7e4a901', 'hex');

export function entryId(sourceKey: string, externalId: string): string {
  return `urn:uuid:${uuidV5(`${sourceKey}\n${externalId}`)}`;
}

export function uuidV5(name: string, namespace: Buffer = TRIBUTARY_NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

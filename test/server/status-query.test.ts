import { describe, expect, it } from 'vitest';
import { arrangeSources, DEFAULT_QUERY, parseStatusQuery, queryHref, sortHref } from '../../src/server/status-query.js';

const source = (name: string, state: string, items: number, lastSuccessAt?: string) => ({ key: name.toLowerCase(), name, state, items, lastSuccessAt });
const SOURCES = [
  source('Alpha', 'ok', 40, '2026-01-05T11:00:00.000Z'),
  source('Bravo', 'moved', 12, '2026-01-05T10:00:00.000Z'),
  source('Charlie', 'failing', 3, '2026-01-01T00:00:00.000Z'),
  source('Delta', 'never polled', 0),
  source('Echo', 'backing off', 7),
  source('Foxtrot', 'disabled', 1),
  source('Golf', 'failing', 9, '2026-01-04T00:00:00.000Z'),
];
const names = (query = DEFAULT_QUERY) => arrangeSources(SOURCES, query).map((row) => row.name);

describe('the status page query', () => {
  it('lists trouble first by default: failing, backing off, disabled, moved, never polled, then the healthy; by name within a state', () => {
    expect(names()).toEqual(['Charlie', 'Golf', 'Echo', 'Foxtrot', 'Bravo', 'Delta', 'Alpha']);
  });

  it('shows one state alone when asked', () => {
    expect(names(parseStatusQuery('state=failing'))).toEqual(['Charlie', 'Golf']);
    expect(names(parseStatusQuery('state=backing-off'))).toEqual(['Echo']);
    expect(names(parseStatusQuery('state=never-polled'))).toEqual(['Delta']);
  });

  it('sorts by name, items (most first) or last success (the longest without first), and reverses on request', () => {
    expect(names(parseStatusQuery('sort=name'))).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf']);
    expect(names(parseStatusQuery('sort=name&order=desc'))).toEqual(['Golf', 'Foxtrot', 'Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    expect(names(parseStatusQuery('sort=items'))).toEqual(['Alpha', 'Bravo', 'Golf', 'Echo', 'Charlie', 'Foxtrot', 'Delta']);
    expect(names(parseStatusQuery('sort=success'))).toEqual(['Delta', 'Echo', 'Foxtrot', 'Charlie', 'Golf', 'Bravo', 'Alpha']);
    expect(names(parseStatusQuery('state=failing&sort=items&order=asc'))).toEqual(['Charlie', 'Golf']);
  });

  it('ignores what it does not know rather than failing the page', () => {
    expect(parseStatusQuery('state=<script>&sort=1;drop&order=sideways&x=1')).toEqual(DEFAULT_QUERY);
    expect(parseStatusQuery('')).toEqual(DEFAULT_QUERY);
  });

  it('writes links with only what differs from the default, which read back as the same query', () => {
    expect(queryHref(DEFAULT_QUERY)).toBe('/');
    expect(queryHref(parseStatusQuery('state=backing-off'))).toBe('/?state=backing-off');
    expect(queryHref(parseStatusQuery('sort=items&order=desc'))).toBe('/?sort=items');
    for (const search of ['state=failing&sort=success', 'sort=name&order=desc', 'state=ok&sort=items&order=asc']) {
      const query = parseStatusQuery(search);
      expect(parseStatusQuery(queryHref(query).slice(2))).toEqual(query);
    }
  });

  it('gives each column header a link that sorts by it, or reverses it when already sorted so, keeping the filter', () => {
    const failing = parseStatusQuery('state=failing');
    expect(sortHref(failing, 'name')).toBe('/?state=failing&sort=name');
    expect(sortHref(failing, 'state')).toBe('/?state=failing&order=desc');
    expect(sortHref(parseStatusQuery('sort=items'), 'items')).toBe('/?sort=items&order=asc');
  });
});

import { between, createRandom, mixSeed, pick } from './random.mjs';

/*
 * Realistic crypto-news items, deterministic in (seed, feed, sequence number): titles, an HTML
 * summary with an image and links, a several-paragraph HTML body, categories, an author and a
 * media:content image. About 3 KB of XML per item, like real crypto news feeds
 * (1,000 feeds x 40 items = ~126 MB).
 */

const ASSETS = [
  'Bitcoin',
  'Ether',
  'Solana',
  'XRP',
  'Cardano',
  'Dogecoin',
  'Avalanche',
  'Polkadot',
  'Chainlink',
  'Litecoin',
  'Toncoin',
  'Arbitrum',
  'Optimism',
  'Polygon',
  'Cosmos',
  'Aptos',
  'Sui',
  'Near',
  'Tron',
  'Stellar',
];
const ACTORS = [
  'BlackRock',
  'Fidelity',
  'the SEC',
  'Coinbase',
  'Binance',
  'Kraken',
  'MicroStrategy',
  'Tether',
  'Circle',
  'the Fed',
  'the ECB',
  'Grayscale',
  'Ripple',
  'a16z crypto',
  'Galaxy Digital',
  'Robinhood',
  'OKX',
  'Bybit',
  'Uniswap Labs',
  'the CFTC',
];
const VERBS = ['surges', 'slides', 'rallies', 'tumbles', 'rebounds', 'stalls', 'breaks out', 'consolidates', 'spikes', 'retreats'];
const TOPICS = [
  'ETF inflows',
  'stablecoin supply',
  'on-chain volume',
  'funding rates',
  'open interest',
  'miner revenue',
  'staking yields',
  'DeFi TVL',
  'exchange reserves',
  'options expiry',
  'whale wallets',
  'layer-2 fees',
  'token unlocks',
  'hash rate',
  'liquidations',
];
const PLACES = [
  'in Asia trading',
  'after the CPI print',
  'ahead of the FOMC meeting',
  'as US markets open',
  'over the weekend',
  'amid regulatory uncertainty',
  'despite macro headwinds',
  'on record volume',
  'as traders de-risk',
  'after a hack',
];
const CATEGORIES = ['Markets', 'Policy', 'DeFi', 'Bitcoin', 'Ethereum', 'Regulation', 'Tech', 'Business', 'NFTs', 'Mining', 'Stablecoins', 'Layer 2', 'Exchanges', 'Web3', 'Analysis', 'Opinion'];
const FIRST = ['Sam', 'Alex', 'Jamie', 'Priya', 'Omar', 'Helene', 'Kenji', 'Lucia', 'Daniel', 'Marta', 'Tom', 'Aisha', 'Nikolai', 'Chen', 'Sofia'];
const LAST = ['Reynolds', 'Okafor', 'Nakamura', 'Kowalski', 'Haddad', 'Ferreira', 'Lindqvist', 'Moreau', 'Patel', 'Schmidt', 'Ivanova', 'Dubois', 'García', 'Müller', "O'Brien"];
const WORDS = [
  'market',
  'price',
  'traders',
  'analysts',
  'liquidity',
  'volatility',
  'protocol',
  'network',
  'validators',
  'custody',
  'regulators',
  'institutions',
  'derivatives',
  'spot',
  'futures',
  'treasury',
  'yield',
  'collateral',
  'governance',
  'upgrade',
  'mainnet',
  'bridge',
  'exploit',
  'airdrop',
  'token',
  'supply',
  'demand',
  'momentum',
  'resistance',
  'support',
  'breakout',
  'correction',
  'rally',
  'sentiment',
  'flows',
  'reserves',
  'issuers',
  'wallets',
  'fees',
  'throughput',
];

/** @typedef {{ seq: number, guid: string, title: string, link: string, author: string, categories: string[], date: Date, summaryHtml: string, contentHtml: string, image: { url: string, width: number, height: number } }} NewsItem */

/** Fixed, so the bytes never depend on when the bench runs (and well before any clock it will meet). */
const BASE_DATE_MS = Date.UTC(2026, 0, 1);
const MINUTES_PER_SEQ = 37;

/**
 * A pool of sentences built once per seed; items pick from it, which keeps generating 400,000
 * items (10,000 feeds) to a few seconds.
 * @param {number} seed
 */
function sentencePool(seed) {
  const random = createRandom(mixSeed(seed, 0xfeed));
  const pool = [];
  for (let i = 0; i < 4096; i++) {
    const words = Array.from({ length: between(random, 6, 12) }, () => pick(random, WORDS));
    const asset = pick(random, ASSETS);
    const actor = pick(random, ACTORS);
    const shape = between(random, 0, 3);
    const tail = words.join(' ');
    if (shape === 0) pool.push(`${asset} ${pick(random, VERBS)} ${pick(random, PLACES)}, while ${tail}.`);
    else if (shape === 1) pool.push(`According to ${actor}, ${pick(random, TOPICS)} point to ${tail} & more.`);
    else if (shape === 2) pool.push(`"${capitalize(tail)}," said one desk head, noting ${asset}'s ${pick(random, TOPICS)}.`);
    else pool.push(`${capitalize(pick(random, TOPICS))} for ${asset} rose ${between(random, 1, 40)}.${between(random, 0, 9)}% as ${tail} <3 the dip.`);
  }
  return pool.map(escapeXml);
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** @param {string} text */
export function escapeXml(text) {
  if (!/[&<>"']/.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

/**
 * Makes items for one seed. `item(feed, seq)` is a pure function of its arguments.
 * @param {number} seed
 */
export function createNewsGenerator(seed) {
  const pool = sentencePool(seed);
  /** @param {() => number} random */
  const sentence = (random) => pick(random, pool);

  /**
   * @param {number} feed
   * @param {number} seq
   * @returns {NewsItem}
   */
  function item(feed, seq) {
    const random = createRandom(mixSeed(seed, feed, seq));
    const asset = pick(random, ASSETS);
    const title = `${asset} ${pick(random, VERBS)} ${pick(random, PLACES)} as ${pick(random, ACTORS)} eyes ${pick(random, TOPICS)} (#${seq})`;
    const slug = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const host = `news-${feed}.example`;
    const link = `https://${host}/markets/${slug}`;
    const image = { url: `https://cdn.${host}/images/${seq}-${between(random, 1000, 9999)}.jpg`, width: 1200, height: between(random, 600, 800) };
    const categories = Array.from({ length: between(random, 2, 4) }, () => pick(random, CATEGORIES));
    const author = `${pick(random, FIRST)} ${pick(random, LAST)}`;
    const summaryHtml =
      `<p><img src="${image.url}" alt="${escapeXml(asset)} chart" width="${image.width}" height="${image.height}" /></p>` +
      `<p>${sentence(random)} <a href="${link}?utm_source=rss">Read more</a> about <strong>${escapeXml(asset)}</strong>.</p>`;
    const paragraphs = [];
    for (let p = 0, n = between(random, 3, 4); p < n; p++) {
      paragraphs.push(`<p>${sentence(random)} ${sentence(random)} <em>${sentence(random)}</em></p>`);
      if (p === 1) paragraphs.push(`<h2>What ${escapeXml(pick(random, ACTORS))} said</h2><blockquote>${sentence(random)}</blockquote>`);
      if (p === 2) paragraphs.push(`<ul><li>${sentence(random)}</li><li>${sentence(random)}</li></ul>`);
    }
    paragraphs.push(`<p>Disclosure: this article was written by <a href="https://${host}/authors/${seq % 17}">${escapeXml(author)}</a>.</p>`);
    return {
      seq,
      guid: `https://${host}/?p=${feed * 100_000 + seq}`,
      title,
      link,
      author,
      categories: [...new Set(categories)],
      date: new Date(BASE_DATE_MS + feed * 61_000 + seq * MINUTES_PER_SEQ * 60_000),
      summaryHtml,
      contentHtml: paragraphs.join('\n'),
      image,
    };
  }

  return { item };
}

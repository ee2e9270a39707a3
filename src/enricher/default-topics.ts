/** What marks a topic in a title or description; see compileTopics. */
export interface Topic {
  terms: readonly string[];
  tickers: readonly string[];
}

/**
 * The shipped dictionary of crypto and AI news topics, in priority order: assets first, then
 * sectors and events, then the broad subjects, so that an item about Bitcoin miners is BTC before
 * MINING, and one about miners turning to AI is MINING before AI. Operators add to it, override
 * codes and drop them (config `enrichment.topics`).
 */
export const DEFAULT_TOPICS: ReadonlyArray<readonly [code: string, topic: Topic]> = [
  ['BTC', { terms: ['bitcoin*', 'satoshi*', 'lightning network', 'spot bitcoin'], tickers: ['BTC', 'WBTC'] }],
  ['ETH', { terms: ['ethereum', 'ether', 'vitalik', 'layer-2', 'layer 2', 'rollup*'], tickers: ['ETH', 'WETH'] }],
  ['SOL', { terms: ['solana'], tickers: ['SOL'] }],
  ['XRP', { terms: ['ripple', 'xrp ledger'], tickers: ['XRP', 'RLUSD'] }],
  ['DOGE', { terms: ['dogecoin', 'memecoin*', 'meme coin*'], tickers: ['DOGE', 'SHIB', 'PEPE'] }],
  ['BNB', { terms: ['binance coin', 'bnb chain'], tickers: ['BNB'] }],
  ['ADA', { terms: ['cardano'], tickers: ['ADA'] }],
  ['TON', { terms: ['toncoin', 'telegram open network'], tickers: ['TON'] }],
  ['STABLECOIN', { terms: ['stablecoin*', 'tether', 'circle', 'genius act'], tickers: ['USDT', 'USDC', 'DAI', 'PYUSD', 'USDE'] }],
  ['ETF', { terms: ['etf', 'etfs', 'exchange-traded fund*', 'exchange traded fund*', 'etp', 'etps'], tickers: [] }],
  ['MINING', { terms: ['mining', 'miner*', 'hashrate', 'hash rate', 'hashprice', 'halving', 'proof-of-work'], tickers: [] }],
  ['DEFI', { terms: ['defi', 'decentralized finance', 'dex', 'dexs', 'lending protocol*', 'liquidity pool*', 'yield farming', 'staking', 'restaking'], tickers: ['AAVE', 'UNI', 'LDO'] }],
  ['NFT', { terms: ['nft', 'nfts', 'non-fungible'], tickers: [] }],
  ['HACK', { terms: ['hack', 'hacks', 'hacked', 'hacker*', 'exploit*', 'drained', 'breach*', 'stolen', 'phishing', 'scam*', 'rug pull*'], tickers: [] }],
  [
    'REGULATION',
    {
      terms: [
        'regulat*',
        'lawmaker*',
        'senate',
        'congress',
        'legislation',
        'lawsuit*',
        'sued',
        'court',
        'judge',
        'sentenced',
        'ban',
        'bans',
        'banned',
        'compliance',
        'licensing',
        'securities and exchange commission',
      ],
      tickers: ['SEC', 'CFTC', 'MICA', 'FCA'],
    },
  ],
  ['EXCHANGE', { terms: ['exchange', 'exchanges', 'binance', 'coinbase', 'kraken', 'okx', 'bybit', 'bitfinex', 'gemini', 'upbit'], tickers: [] }],
  ['CBDC', { terms: ['cbdc', 'cbdcs', 'central bank digital currenc*', 'digital euro', 'digital yuan', 'e-cny'], tickers: [] }],
  ['TOKENIZATION', { terms: ['tokeniz*', 'tokenis*', 'real-world asset*', 'real world asset*', 'rwa', 'rwas'], tickers: [] }],
  [
    'MARKET',
    { terms: ['price*', 'rally', 'rallies', 'surge*', 'plunge*', 'slump*', 'crash*', 'liquidation*', 'bull market', 'bear market', 'all-time high', 'market cap*', 'trading volume'], tickers: [] },
  ],
  [
    'CHIPS',
    { terms: ['chip', 'chips', 'chipmaker*', 'semiconductor*', 'gpu', 'gpus', 'nvidia', 'tsmc', 'data center*', 'datacenter*', 'high-performance computing'], tickers: ['AMD', 'NVDA', 'HPC'] },
  ],
  [
    'AI',
    {
      terms: [
        'artificial intelligence',
        'machine learning',
        'generative ai',
        'openai',
        'chatgpt',
        'anthropic',
        'claude',
        'gemini ai',
        'llm',
        'llms',
        'large language model*',
        'ai agent*',
        'deepmind',
        'deepseek',
        'mistral ai',
      ],
      tickers: ['AI', 'AGI', 'GPT'],
    },
  ],
];

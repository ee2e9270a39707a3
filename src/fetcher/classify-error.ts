import { FetchError } from '../errors/fetch-error.js';
import { hostOf } from '../model/host-of.js';

export interface ErrorContext {
  sourceKey: string;
  url: string;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const CONNECTION_MESSAGES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection broken',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  ENETDOWN: 'network down',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
};
// OpenSSL verification codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, UNABLE_TO_VERIFY_LEAF_SIGNATURE, …)
// and Node's own TLS codes.
const TLS_CODE = /^ERR_(TLS|SSL)_|CERT|^UNABLE_TO_|^SSL_/;

/**
 * Maps whatever undici or Node threw to a FetchError kind. The code is looked for on the error, its
 * `cause` chain and the members of an AggregateError (happy-eyeballs connects fail with one per address).
 * Aborts by our own timer or the caller's signal are told apart by fetchFeed, which owns those signals.
 */
export function classifyError(error: unknown, context: ErrorContext): FetchError {
  if (error instanceof FetchError) return error;
  const make = (kind: ConstructorParameters<typeof FetchError>[0], message: string): FetchError => new FetchError(kind, context.sourceKey, context.url, message, { cause: error });

  for (const { code, message } of codedErrors(error)) {
    if (DNS_CODES.has(code)) return make('dns', `could not resolve ${hostOf(context.url) ?? context.url} (${code})`);
    if (TIMEOUT_CODES.has(code)) return make('timeout', timeoutMessage(code));
    const connection = CONNECTION_MESSAGES[code];
    if (connection) return make('connection', connection);
    if (TLS_CODE.test(code) || (code === 'EPROTO' && /ssl|tls/i.test(message))) return make('tls', `TLS error: ${message}`);
  }
  return make('unknown', error instanceof Error ? error.message : String(error));
}

interface Coded {
  code: string;
  message: string;
}

function codedErrors(error: unknown): Coded[] {
  const found: Coded[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const { code, message, cause, errors } = value as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') found.push({ code, message: typeof message === 'string' ? message : code });
    visit(cause);
    if (Array.isArray(errors)) errors.forEach(visit);
  };
  visit(error);
  return found;
}

function timeoutMessage(code: string): string {
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timed out';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'timed out waiting for response headers';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'timed out reading the body';
  return 'timed out';
}

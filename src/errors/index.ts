export { TributaryError, isTributaryError, describeError } from './tributary-error.js';
export { BODY_CODES, BodyTooLargeError, UnsupportedEncodingError, type BodyErrorCode } from './body-errors.js';
export { CONFIG_CODES, ConfigError, isConfigError, type ConfigErrorCode, type ConfigProblem } from './config-error.js';
export { DOCUMENT_CODES, DocumentError, type DocumentErrorCode } from './document-error.js';
export { FETCH_CODES, FETCH_ERROR_KINDS, FetchError, fetchErrorCode, isFetchError, type FetchErrorCode, type FetchErrorKind } from './fetch-error.js';
export { sourceMessage } from './source-message.js';
export { OPML_CODES, OpmlError, isOpmlError, type OpmlErrorCode } from './opml-error.js';
export { PARSE_CODES, ParseError, isParseError, type ParseErrorCode } from './parse-error.js';
export { STORE_CODES, StoreError, isStoreError, type StoreErrorCode } from './store-error.js';

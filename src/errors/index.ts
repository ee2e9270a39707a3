export { TributaryError, isTributaryError, describeError } from './tributary-error.js';
export { BodyTooLargeError, UnsupportedEncodingError } from './body-errors.js';
export { ConfigError, isConfigError, type ConfigProblem } from './config-error.js';
export { DocumentError } from './document-error.js';
export { FetchError, isFetchError, type FetchErrorKind } from './fetch-error.js';
export { sourceMessage } from './source-message.js';
export { OpmlError, isOpmlError } from './opml-error.js';
export { ParseError, isParseError } from './parse-error.js';
export { StoreError, isStoreError } from './store-error.js';

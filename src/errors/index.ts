export { TributaryError, isTributaryError, describeError } from './tributary-error.js';
export { ConfigError, isConfigError, type ConfigProblem } from './config-error.js';
export { FetchError, isFetchError, type FetchErrorKind } from './fetch-error.js';
export { sourceMessage } from './source-message.js';
export { ParseError, isParseError } from './parse-error.js';
export { StoreError, isStoreError } from './store-error.js';

// The only import surface of the core for the LSP layer, the CLI and the tests.
export * from './types';
export { parseStack, type StackDoc, MAX_SYNTAX_FINDINGS, MAX_TEXT_LENGTH } from './document';
export { validate, CHUNK_MIN_SERVICES, ServiceCache, type Validation, type ValidateOptions } from './validate';
export { decodeText } from './decode';
export { fastParse, fastParseServices } from './fastParse';
export { DEFAULT_SETTINGS, normalizeSettings, type Settings, type RuleLevel } from './settings';
export { validateSet, type FileInput, type FileResult } from './merge';
export { fixesFor, applyEdits, type Fix, type FixEdit } from './fixes';
export { documentSymbols, foldingRanges, serviceDetail, type StackSymbol, type SymbolKind, type Fold } from './symbols';
export { complete, type CompletionEntry, type CompletionKind } from './complete';
export { hover, type HoverResult } from './hover';
export { cursorContext, tokenAt, type CursorContext, type TokenAt } from './position';
export { snippetsFor, expandSnippet, type Snippet } from './snippets';

// Bounds on a definition. A definition may come from an uploaded JSON file written by anyone,
// so every list and every text in it has a ceiling: validating an answer costs at most
// MAX_FIELDS × MAX_ROWS × MAX_COLUMNS cells, and no definition can ask for more.

/** Items in one notice's definition. */
export const MAX_ITEMS = 50;
/** Fields in one item (a table counts as one field). */
export const MAX_FIELDS = 40;
/** Columns in one table. */
export const MAX_COLUMNS = 30;
/** Choices of one single or multiple choice field (the clinical departments are 14). */
export const MAX_CHOICES = 100;
/** Rows a table may ever hold (the medical institutions of one jurisdiction: 1,000). */
export const MAX_ROWS = 1000;
/** Cross-field checks and summary fields of one item. */
export const MAX_CHECKS = 20;
export const MAX_SUMMARY_FIELDS = 5;
/** A long text field can be no longer than this (characters). */
export const MAX_TEXT_LENGTH = 20_000;
/** Titles, labels, choice labels. */
export const MAX_LABEL_LENGTH = 200;
/** Instructions and help texts. */
export const MAX_INSTRUCTIONS_LENGTH = 4000;
/** The JSON file of a definition (characters). */
export const MAX_DEFINITION_JSON_LENGTH = 1_000_000;
/** Whole numbers and amounts stay exact in a double. */
export const MAX_MAGNITUDE = Number.MAX_SAFE_INTEGER;

/**
 * Field keys: a letter, then letters, digits or _ (camelCase as today's answers use:
 * `distributedOn`, `accepts24Hours`), at most 40. Names an object has of its own are refused
 * even though answers are built in null-prototype objects, so no reader that forgets can trip.
 */
export const FIELD_KEY_PATTERN = /^[a-z][A-Za-z0-9_]{0,39}$/;
export const RESERVED_KEYS: readonly string[] = [
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'isPrototypeOf',
	'propertyIsEnumerable',
	'toLocaleString'
];
/** Choice values: what is stored; letters, digits, _ and -. */
export const CHOICE_VALUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

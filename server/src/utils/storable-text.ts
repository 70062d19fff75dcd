/**
 * Text every supported database can store. PostgreSQL refuses a NUL character in a text column
 * and a lone UTF-16 surrogate (or NUL) escaped inside a JSON column, with an error that would
 * surface as a 500; SQLite and MongoDB store both. Request input that is written or queried is
 * checked with this, so the same text is accepted or refused whatever the database.
 */
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (text: string) => !NUL.test(text) && !LONE_SURROGATE.test(text);

export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or broken Unicode (a lone surrogate)';

/**
 * JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER as their exact decimal string.
 *
 * Instagram user and media ids are 17+ digit integers and Meta sometimes sends them as JSON numbers
 * (user_id in the token response); a plain JSON.parse silently rounds them to a different account.
 * The scanner walks the text once, skips string literals so digits inside strings are never touched,
 * and quotes only unsafe integer literals before handing the result to JSON.parse.
 */
export const parseJsonKeepingBigInts = (text: string): unknown => JSON.parse(quoteUnsafeIntegers(text));

export const quoteUnsafeIntegers = (text: string): string => {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      i = skipString(text, i);
      continue;
    }
    if (ch === 0x2d /* - */ || (ch >= 0x30 && ch <= 0x39)) {
      const start = i;
      i += 1;
      while (i < length && isNumberChar(text.charCodeAt(i))) i += 1;
      const literal = text.slice(start, i);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, start)}"${literal}"`;
        copiedUpTo = i;
      }
      continue;
    }
    i += 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
};

const isNumberChar = (ch: number): boolean =>
  (ch >= 0x30 && ch <= 0x39) || ch === 0x2e /* . */ || ch === 0x65 /* e */ || ch === 0x45 /* E */ || ch === 0x2b /* + */ || ch === 0x2d; /* - */

/** Returns the index just past the closing quote (or the end of text for an unterminated string). */
const skipString = (text: string, openQuote: number): number => {
  let i = openQuote + 1;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c /* \ */) {
      i += 2;
      continue;
    }
    if (ch === 0x22) return i + 1;
    i += 1;
  }
  return i;
};

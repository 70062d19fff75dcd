/**
 * Caption templates: `{{title}}\n\n{{excerpt}}\n#news`.
 *
 * - `{{ field }}` inserts the entry's field as plain text: Markdown and HTML are stripped from rich
 *   text, blocks are flattened, so what the editor sees on the site reads the same on Instagram.
 * - Inserted values are never re-read as template syntax, so a title containing `{{x}}` stays literal.
 * - `\{{` writes a literal `{{`.
 * - `{{locale}}` and `{{documentId}}` are always available.
 */

export const BUILTIN_VARIABLES = new Set(['locale', 'documentId']);

export interface CaptionLimits {
  characters: number;
  hashtags: number;
  mentions: number;
}

/**
 * Instagram's caption limits: 2,200 characters, 20 @mentions and, since December 2025, 5 hashtags
 * (it was 30). The `limits` option overrides them, for when Meta changes them again.
 */
export const DEFAULT_CAPTION_LIMITS: Readonly<CaptionLimits> = Object.freeze({ characters: 2200, hashtags: 5, mentions: 20 });

/** The caption limits in force, from the plugin's `limits` option. */
export const captionLimitsOf = (limits: { captionCharacters: number; hashtags: number; mentions: number }): CaptionLimits => ({
  characters: limits.captionCharacters,
  hashtags: limits.hashtags,
  mentions: limits.mentions,
});

type Token = { kind: 'text'; value: string } | { kind: 'var'; name: string };

/** Where a template error is: `index` counts UTF-16 units (as JavaScript and a textarea's selection do). */
export interface TemplatePosition {
  /** 0-based offset into the template string. */
  index: number;
  /** 1-based line. */
  line: number;
  /** 1-based column within the line, in characters (code points), as an editor counts them. */
  column: number;
}

export const positionOf = (template: string, index: number): TemplatePosition => {
  const before = template.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { index, line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
};

/** "character 7" for a one-line template, "line 2, column 5" once lines make that easier to find. */
export const describePosition = (template: string, position: TemplatePosition) =>
  template.includes('\n') ? `line ${position.line}, column ${position.column}` : `character ${position.column}`;

/** A template that cannot be parsed; the position is data so callers (and the admin) can point at it. */
export class TemplateSyntaxError extends Error {
  readonly position: TemplatePosition;
  /** The problem without its position, e.g. `unclosed "{{"`. */
  readonly reason: string;

  constructor(reason: string, template: string, index: number) {
    const position = positionOf(template, index);
    super(`${reason} at ${describePosition(template, position)}`);
    this.name = 'TemplateSyntaxError';
    this.reason = reason;
    this.position = position;
  }
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Error messages quote what is between the braces, cut short: a template may be 10,000 characters. */
const excerpt = (text: string, max = 40) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

export const parseTemplate = (template: string): Token[] => {
  const tokens: Token[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
      continue;
    }
    if (template.startsWith('{{', i)) {
      const end = template.indexOf('}}', i + 2);
      if (end === -1) throw new TemplateSyntaxError('unclosed "{{"', template, i);
      const name = template.slice(i + 2, end).trim();
      if (!VARIABLE.test(name)) throw new TemplateSyntaxError(`"{{${excerpt(template.slice(i + 2, end))}}}" is not a field name`, template, i);
      if (text) tokens.push({ kind: 'text', value: text });
      text = '';
      tokens.push({ kind: 'var', name });
      i = end + 2;
      continue;
    }
    text += template[i];
    i += 1;
  }
  if (text) tokens.push({ kind: 'text', value: text });
  return tokens;
};

export const templateVariables = (template: string): string[] => [
  ...new Set(parseTemplate(template).flatMap((token) => (token.kind === 'var' ? [token.name] : []))),
];

/** Plain text of a field value of any scalar, rich-text or blocks type. */
export const toPlainText = (value: unknown, type?: string): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return type === 'richtext' ? stripMarkdown(value) : stripHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return blocksToText(value);
  return '';
};

const stripHtml = (text: string) =>
  text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

const stripMarkdown = (text: string) =>
  stripHtml(text)
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '• ')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(\*|_)(.*?)\1/g, '$2')
    .replace(/`{1,3}([^`]*)`{1,3}/g, '$1')
    .replace(/~~(.*?)~~/g, '$1');

/** Strapi "blocks" rich text: paragraphs of text nodes, lists, headings, quotes. */
const blocksToText = (blocks: unknown[]): string => {
  const inline = (node: any): string => {
    if (!node || typeof node !== 'object') return '';
    if (typeof node.text === 'string') return node.text;
    return Array.isArray(node.children) ? node.children.map(inline).join('') : '';
  };
  const block = (node: any): string => {
    if (!node || typeof node !== 'object') return '';
    if (node.type === 'list' && Array.isArray(node.children)) return node.children.map((item: any) => `• ${inline(item)}`).join('\n');
    if (node.type === 'image') return '';
    return inline(node);
  };
  return blocks.map(block).filter(Boolean).join('\n\n');
};

export interface RenderContext {
  /** Entry values by field name. */
  values: Record<string, unknown>;
  /** Attribute types by field name (for rich-text handling). */
  types?: Record<string, string>;
}

/** Renders the template; unknown variables render empty (validation refuses them at save time). */
export const renderTemplate = (template: string, context: RenderContext): string => {
  const out = parseTemplate(template)
    .map((token) => (token.kind === 'text' ? token.value : toPlainText(context.values[token.name], context.types?.[token.name]).trim()))
    .join('');
  return tidy(out);
};

/** Empty fields leave blank runs behind: at most one empty line in a row, no trailing spaces. */
const tidy = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

const HASHTAG = /#[\p{L}\p{N}_]+/gu;
const MENTION = /(^|[^\w@])@[A-Za-z0-9._]+/g;

export interface CaptionCounts {
  characters: number;
  hashtags: number;
  mentions: number;
}

export const countCaption = (caption: string): CaptionCounts => ({
  characters: [...caption].length,
  hashtags: caption.match(HASHTAG)?.length ?? 0,
  mentions: caption.match(MENTION)?.length ?? 0,
});

/** Editor-readable problems with a caption against Instagram's limits. */
export const captionProblems = (caption: string, limits: CaptionLimits = DEFAULT_CAPTION_LIMITS): string[] => {
  const counts = countCaption(caption);
  const problems: string[] = [];
  if (counts.characters > limits.characters) {
    problems.push(`The caption has ${counts.characters} characters; Instagram accepts at most ${limits.characters}.`);
  }
  if (counts.hashtags > limits.hashtags) {
    problems.push(`The caption has ${counts.hashtags} hashtags; Instagram accepts at most ${limits.hashtags}.`);
  }
  if (counts.mentions > limits.mentions) {
    problems.push(`The caption mentions ${counts.mentions} accounts; Instagram accepts at most ${limits.mentions}.`);
  }
  return problems;
};

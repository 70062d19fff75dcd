import { DEFAULT_CAPTION_LIMITS, TemplateSyntaxError, captionLimitsOf, captionProblems, countCaption, parseTemplate, renderTemplate, templateVariables, toPlainText } from '../../../server/src/publishing/caption';

const syntaxErrorOf = (template: string): TemplateSyntaxError => {
  try {
    parseTemplate(template);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(template)} parsed without error`);
};

describe('caption templates', () => {
  it('renders fields as plain text and tidies the blank lines empty fields leave', () => {
    // Given a template with an empty field in the middle
    const caption = renderTemplate('{{title}}\n\n{{excerpt}}\n\n{{ body }}\n#news', {
      values: { title: 'Bread', excerpt: null, body: '## Warm\n\n**Crusty** [loaf](https://example.com)' },
      types: { body: 'richtext' },
    });
    // Then Markdown is stripped and at most one blank line remains
    expect(caption).toBe('Bread\n\nWarm\n\nCrusty loaf\n#news');
  });

  it('never re-reads inserted values as template syntax, and writes \\{{ literally', () => {
    expect(renderTemplate('\\{{title}} = {{title}}', { values: { title: '{{secret}}' } })).toBe('{{title}} = {{secret}}');
  });

  it('flattens Strapi blocks and strips HTML', () => {
    const blocks = [
      { type: 'paragraph', children: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'world', bold: true }] },
      { type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [{ type: 'text', text: 'one' }] }] },
    ];
    expect(toPlainText(blocks, 'blocks')).toBe('Hello world\n\n• one');
    expect(toPlainText('<p>A &amp; B</p>', 'text')).toBe('A & B\n');
    expect(toPlainText(42)).toBe('42');
  });

  it('lists variables and refuses malformed ones', () => {
    expect(templateVariables('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
    expect(() => parseTemplate('{{a')).toThrow(/unclosed/);
    expect(() => parseTemplate('{{a b}}')).toThrow(/not a field name/);
  });

  it.each([
    // [template, reason, index, line, column, message]
    ['{{title', /unclosed "\{\{"/, 0, 1, 1, 'unclosed "{{" at character 1'],
    ['Hello {{title', /unclosed/, 6, 1, 7, 'unclosed "{{" at character 7'],
    ['{{title}} {{ two words }}', /"\{\{ two words \}\}" is not a field name/, 10, 1, 11, '"{{ two words }}" is not a field name at character 11'],
    ['{{title}}\n\n{{excerpt}}\nBy {{author', /unclosed/, 26, 4, 4, 'unclosed "{{" at line 4, column 4'],
    ['Line one\r\n{{}}', /"\{\{\}\}" is not a field name/, 10, 2, 1, '"{{}}" is not a field name at line 2, column 1'],
    // Columns count characters (an emoji is one), the index counts UTF-16 units as JavaScript does.
    ['🍞🍞 {{x', /unclosed/, 5, 1, 4, 'unclosed "{{" at character 4'],
    ['\\{{literal}} then {{oops', /unclosed/, 18, 1, 19, 'unclosed "{{" at character 19'],
  ])('gives %j a syntax error with its position as data', (template, reason, index, line, column, message) => {
    // When a malformed template is parsed
    const error = syntaxErrorOf(template);
    // Then the error carries the position as data and in its message
    expect(error.reason).toMatch(reason);
    expect(error.position).toEqual({ index, line, column });
    expect(error.message).toBe(message);
    expect(template.slice(error.position.index, error.position.index + 2)).toBe('{{');
  });

  it('cuts a long non-name short in the message', () => {
    const error = syntaxErrorOf(`{{${'x '.repeat(5000)}}}`);
    expect(error.message.length).toBeLessThan(120);
    expect(error.position.index).toBe(0);
  });

  it('counts characters (code points), hashtags and mentions as Instagram does', () => {
    expect(countCaption('Café 🍞 #bread #fresh @baker, mail a@b.c')).toEqual({ characters: 39, hashtags: 2, mentions: 1 });
  });

  it('names each limit a caption breaks', () => {
    const problems = captionProblems(`${'x'.repeat(2201)} ${Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ')}`);
    expect(problems).toEqual([expect.stringMatching(/characters; Instagram accepts at most 2200/), expect.stringMatching(/31 hashtags/)]);
    expect(captionProblems('fine #one @two')).toEqual([]);
  });

  it('allows 5 hashtags by default, as Instagram does since December 2025, and takes other limits', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#t${i}`).join(' ');
    expect(DEFAULT_CAPTION_LIMITS).toEqual({ characters: 2200, hashtags: 5, mentions: 20 });
    expect(captionProblems(tags(5))).toEqual([]);
    expect(captionProblems(tags(6))).toEqual(['The caption has 6 hashtags; Instagram accepts at most 5.']);
    expect(captionProblems(tags(6), { characters: 2200, hashtags: 10, mentions: 20 })).toEqual([]);
    expect(captionProblems('@a @b', { characters: 3, hashtags: 5, mentions: 1 })).toEqual([
      'The caption has 5 characters; Instagram accepts at most 3.',
      'The caption mentions 2 accounts; Instagram accepts at most 1.',
    ]);
  });

  it('reads the limits from the plugin\'s limits option', () => {
    expect(captionLimitsOf({ hashtags: 3, mentions: 10, captionCharacters: 1000 })).toEqual({ characters: 1000, hashtags: 3, mentions: 10 });
  });
});

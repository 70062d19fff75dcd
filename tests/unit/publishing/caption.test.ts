import { DEFAULT_CAPTION_LIMITS, captionLimitsOf, captionProblems, countCaption, parseTemplate, renderTemplate, templateVariables, toPlainText } from '../../../server/src/publishing/caption';

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

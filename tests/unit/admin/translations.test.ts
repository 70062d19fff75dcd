import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import en from '../../../admin/src/translations/en.json';
import fr from '../../../admin/src/translations/fr.json';

const locales: Record<string, Record<string, string>> = { en, fr };

/** Argument names a message uses ({count}, {date}, plural selectors...), nested ones included. */
const argumentsOf = (elements: MessageFormatElement[], found = new Set<string>()): Set<string> => {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) {
      found.add(element.value);
    }
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      found.add(element.value);
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
};

describe('admin translations', () => {
  it('English and French have exactly the same keys', () => {
    // Given both translation files
    const enKeys = Object.keys(en).sort();
    const frKeys = Object.keys(fr).sort();
    // Then neither has a key the other lacks
    expect(enKeys.filter((key) => !frKeys.includes(key))).toEqual([]);
    expect(frKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it.each(Object.keys(locales))('every %s message is valid ICU and non-empty', (locale) => {
    for (const [key, message] of Object.entries(locales[locale])) {
      expect({ key, empty: message.trim() === '' }).toEqual({ key, empty: false });
      expect(() => parse(message)).not.toThrow();
    }
  });

  it('a French message uses the same placeholders as its English original', () => {
    // Given each key, When both messages are parsed, Then they take the same arguments
    const mismatches = Object.keys(en).filter((key) => {
      const a = [...argumentsOf(parse((en as Record<string, string>)[key]))].sort().join(',');
      const b = [...argumentsOf(parse((fr as Record<string, string>)[key]))].sort().join(',');
      return a !== b;
    });
    expect(mismatches).toEqual([]);
  });

  it('every key the admin code asks for exists', () => {
    // Given the admin sources, When literal keys passed to t('...') are collected
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const root = path.join(__dirname, '..', '..', '..', 'admin', 'src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name)) files.push(full);
      }
    };
    walk(root);
    const used = new Set<string>();
    for (const file of files) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]);
    }
    // Then each one is translated
    expect([...used].filter((key) => !(key in en))).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });
});

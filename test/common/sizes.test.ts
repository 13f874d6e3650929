import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import schema from '../../docs/policy.schema.json' with { type: 'json' };
import { formatSize, parseSize, SIZE_PATTERN } from '../../src/common/sizes.ts';

describe('parseSize', () => {
  it.each([
    [0, 0],
    [123, 123],
    ['123', 123],
    ['123B', 123],
    ['123 b', 123],
    ['10KB', 10_000],
    ['10kB', 10_000],
    ['10k', 10_000],
    ['80MB', 80_000_000],
    ['80mb', 80_000_000],
    ['80M', 80_000_000],
    ['2GB', 2_000_000_000],
    ['1TB', 1_000_000_000_000],
    ['512 KiB', 524_288],
    ['512Ki', 524_288],
    ['1.5GiB', 1_610_612_736],
    ['1.5 MiB', 1_572_864],
    ['1MIB', 1_048_576],
    ['2TiB', 2_199_023_255_552],
    ['1.5KB', 1500],
    ['0.1KiB', 102],
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each([
    ['80 parsecs', '"80 parsecs" is not a size (examples: 80MB, 1.5GiB)'],
    ['', '"" is not a size (examples: 80MB, 1.5GiB)'],
    ['-5MB', '"-5MB" is not a size (examples: 80MB, 1.5GiB)'],
    ['.5GB', '".5GB" is not a size (examples: 80MB, 1.5GiB)'],
    ['5  MB', '"5  MB" is not a size (examples: 80MB, 1.5GiB)'],
    ['1e6', '"1e6" is not a size (examples: 80MB, 1.5GiB)'],
    ['5PB', '"5PB" is not a size (examples: 80MB, 1.5GiB)'],
    ['1.5', '"1.5" is not a whole number of bytes'],
    ['0.5B', '"0.5B" is not a whole number of bytes'],
    ['99999999TB', '"99999999TB" is too large'],
    [-1, '-1 is not a size (a whole number of bytes, 0 or more)'],
    [1.5, '1.5 is not a size (a whole number of bytes, 0 or more)'],
    [Infinity, 'Infinity is not a size (a whole number of bytes, 0 or more)'],
  ])('rejects %j', (text, message) => {
    expect(() => parseSize(text)).toThrow(new Error(message));
  });

  it('uses the pattern the JSON Schema carries', () => {
    expect(schema.definitions.size.pattern).toBe(SIZE_PATTERN.source);
    expect(schema.definitions.optionalSize.pattern).toBe(SIZE_PATTERN.source);
  });

  it('accepts a string exactly when the schema pattern does, except for fractions of a byte and overflow', () => {
    const schemaPattern = new RegExp(schema.definitions.size.pattern, 'u');
    const sizeish = fc.stringMatching(/^[0-9. ]{0,4}[kKmMgGtTpP]?[iI]?[bB]?$/);
    fc.assert(
      fc.property(fc.oneof(sizeish, fc.string()), (text) => {
        let parsed: number | undefined;
        try {
          parsed = parseSize(text);
        } catch (error) {
          const reason = (error as Error).message;
          if (schemaPattern.test(text)) expect(reason).toMatch(/is not a whole number of bytes|is too large/);
          else expect(reason).toMatch(/is not a size/);
          return;
        }
        expect(schemaPattern.test(text)).toBe(true);
        expect(Number.isSafeInteger(parsed)).toBe(true);
      }),
    );
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [10_000, '9.8 KiB'],
    [1_048_575, '1 MiB'],
    [1_572_864, '1.5 MiB'],
    [80_000_000, '76.3 MiB'],
    [1_610_612_736, '1.5 GiB'],
    [2_199_023_255_552, '2 TiB'],
    [5 * 1024 ** 5, '5120 TiB'],
    [-1536, '-1.5 KiB'],
  ])('%d bytes reads %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('reads back close to the original size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (bytes) => {
        const back = parseSize(formatSize(bytes).replace(' ', ''));
        // One decimal in binary units: within 5% (and exact below 1 KiB).
        if (bytes < 1024) expect(back).toBe(bytes);
        else expect(Math.abs(back - bytes) / bytes).toBeLessThan(0.05);
      }),
    );
  });
});

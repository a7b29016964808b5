// The one number formatter of the panel and every export: symbolic expressions with
// separators and `·`, byte sizes in decimal units (torchinfo's MB).
import { formatBytes, formatDim, formatExpr, formatShape } from '../../src/core/export/format';

describe('symbolic expressions', () => {
  test('separators and a middle dot, names kept verbatim', () => {
    expect(formatExpr('16384*num_classes + 180106', ['num_classes'])).toBe('16,384·num_classes + 180,106');
    expect(formatExpr('769*len(class_names) + 85798656', ['len(class_names)'])).toBe('769·len(class_names) + 85,798,656');
    expect(formatExpr('129*num_classes + 100480', ['num_classes'])).toBe('129·num_classes + 100,480');
    expect(formatExpr('-1000*C - 2500', ['C'])).toBe('-1,000·C - 2,500');
  });

  test('digits inside a name or touching one are not grouped', () => {
    expect(formatExpr('1000*len(x2000) + 3000', ['len(x2000)'])).toBe('1,000·len(x2000) + 3,000');
    // without the symbol list, digits that touch a name or a dot stay as they are
    expect(formatExpr('1000*x2000 + 1.5000')).toBe('1,000·x2000 + 1.5000');
  });

  test('powers become superscripts, products of symbols keep their dot', () => {
    expect(formatExpr('4096*C^2 + 12*C*H + 7', ['C', 'H'])).toBe('4,096·C² + 12·C·H + 7');
    expect(formatExpr('N^12', ['N'])).toBe('N¹²');
  });

  test('a name containing * or ^ is copied as it is', () => {
    expect(formatExpr('2000*a*b^2', ['a*b^2'])).toBe('2,000·a*b^2');
  });

  test('formatDim and formatShape use it; exact numbers are plain', () => {
    expect(formatDim({ expr: '16384*num_classes', symbols: ['num_classes'] })).toBe('16,384·num_classes');
    expect(formatDim(12345)).toBe('12345');
    expect(formatShape([1, { expr: '4096*N', symbols: ['N'] }])).toBe('[1, 4,096·N]');
  });
});

describe('byte sizes', () => {
  test('decimal units with two decimals (1 MB = 10^6 bytes, as torchinfo)', () => {
    expect(formatBytes(272474 * 4)).toBe('1.09 MB');
    expect(formatBytes(272474 * 2)).toBe('544.95 kB');
    expect(formatBytes(272474)).toBe('272.47 kB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(999999)).toBe('1.00 MB');
    expect(formatBytes(175181 * 1e6 * 4)).toBe('700.72 GB');
  });
});

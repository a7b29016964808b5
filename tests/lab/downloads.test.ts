// File names for the panel's downloads: only [A-Za-z0-9_.-], never hidden, never empty.
import { fileNameFor } from '../../src/lab/downloads';

describe('fileNameFor', () => {
  it('keeps plain model names', () => {
    expect(fileNameFor('model', 'md')).toBe('model.md');
    expect(fileNameFor('resnet_20-v1.2', 'json')).toBe('resnet_20-v1.2.json');
  });

  it('replaces everything outside [A-Za-z0-9_.-]', () => {
    expect(fileNameFor('<img src=x onerror=alert(1)>', 'svg')).toBe('_img_src_x_onerror_alert_1_.svg');
    expect(fileNameFor('../../etc/passwd', 'csv')).toBe('_.._etc_passwd.csv');
    expect(fileNameFor('a b\nc|d`e', 'tex')).toBe('a_b_c_d_e.tex');
    expect(fileNameFor('модель', 'png')).toBe('model.png');
  });

  it('never starts with a dot and stays short', () => {
    expect(fileNameFor('.hidden', 'md')).toBe('hidden.md');
    expect(fileNameFor('...', 'md')).toBe('model.md');
    expect(fileNameFor('x'.repeat(500), 'json')).toBe('x'.repeat(100) + '.json');
  });

  it('only [A-Za-z0-9_.-] in every result', () => {
    for (const name of ['a/b', 'a\\b', 'CON', 'x:y', '"q"', '\u202eevil', '']) {
      expect(fileNameFor(name, 'md')).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.md$/);
    }
  });
});

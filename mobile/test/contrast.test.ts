import { colors, textOnFill } from '../src/ui/theme';

jest.mock('react-native', () => ({ StyleSheet: { create: <T>(styles: T) => styles } }));

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('theme contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(textOnFill.map((pair) => [pair.text, pair.fill, pair.where] as const))('%s on %s (%s) is at least 4.5:1', (text, fill) => {
    expect(contrastRatio(colors[text], colors[fill])).toBeGreaterThanOrEqual(4.5);
  });
});

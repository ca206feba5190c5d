import { trustWords } from '../src/ui/trustWords';

describe('trust words', () => {
  it('names the source of an honest activity and lists no reasons', () => {
    expect(trustWords({ activityId: 'a', trust: 'sensor-verified', countedM: 40_000, refusedM: 0, reasons: [] })).toEqual({
      title: 'Sensor verified',
      detail: undefined,
      reasons: [],
      counted: true,
    });
  });

  it('shows an implausible activity why it does not count', () => {
    const reason = 'watch: the distance grew 99,999,363 m in 1 s (99,999,363 m/s), beyond the 12.5 m/s top speed';
    const words = trustWords({ activityId: 'a', trust: 'implausible', countedM: 1200, refusedM: 99_999_363, reasons: [reason] });
    expect(words).toEqual({
      title: 'Not counted in challenges',
      detail: '1.20 km counted, 99999.36 km not: faster than the sport allows',
      reasons: [reason],
      counted: false,
    });
  });
});

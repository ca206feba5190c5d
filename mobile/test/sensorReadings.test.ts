import { hexToBytes } from '../src/sensors/gatt';
import { readingSource } from '../src/sensors/readings';
import { kindsFromServices } from '../src/sensors/SensorHub';

describe('sensor notifications become recorder readings', () => {
  it('heart rate with RR intervals in whole milliseconds', () => {
    const read = readingSource('2a37');
    // flags 0x10 (RR present), 140 bpm, RR 0x0400 = 1024/1024 s
    expect(read(hexToBytes('108c0004'), 0)).toEqual({ hr: 140, rr: [1000] });
  });

  it('CSC: speed, cadence and the distance each notification adds', () => {
    const read = readingSource('2A5B', { wheelCircumferenceMm: 2000 });
    expect(read(hexToBytes('01000000000000'), 0)).toEqual({ distanceDelta: 0 });
    // one wheel revolution in 1024/1024 s
    expect(read(hexToBytes('01010000000004'), 1000)).toEqual({ distanceDelta: 2, speed: 2 });
  });

  it('indoor bike data: km/h to m/s, distance from the machine counter', () => {
    const read = readingSource('2AD2');
    // flags 0x0054: speed, cadence, distance, power; 36.00 km/h, 90 rpm, 1000 m, 250 W
    const first = read(hexToBytes('5400100eb400e80300fa00'), 0);
    expect(first).toEqual({ speed: 10, cadence: 90, power: 250, distanceDelta: 0 });
    const second = read(hexToBytes('5400100eb400f20300fa00'), 1000);
    expect(second.distanceDelta).toBe(10);
  });

  it('running sensor: speed and cadence', () => {
    const read = readingSource('2A53');
    expect(read(hexToBytes('008003ac'), 0)).toEqual({ speed: 3.5, cadence: 172 });
  });

  it('recognises sensor kinds by their advertised services, short or full', () => {
    expect(kindsFromServices(['0000180d-0000-1000-8000-00805f9b34fb', '1818'])).toEqual(['heart-rate', 'cycling-power']);
    expect(kindsFromServices(null)).toEqual([]);
  });
});

// Writes ../gatt-vectors.json: GATT test vectors encoded from the Bluetooth SIG field layouts.
// This is an encoder written independently of any decoder, so decoders in every language can be checked
// against it. Run: node testdata/tools/generate-gatt-vectors.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const u8 = v => [v & 0xff];
const u16 = v => [v & 0xff, (v >> 8) & 0xff];
const s16 = v => u16(v < 0 ? v + 0x10000 : v);
const u24 = v => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff];
const u32 = v => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const hex = bytes => bytes.map(b => b.toString(16).padStart(2, '0')).join('');

// A field: bytes to append when present, expected members it sets, and a name for error vectors.
// encode(flags) returns { bytes, expected, fields: [{ name, offset, size }] }.
function build(prefix, parts, flags, defaults) {
  const bytes = [...prefix];
  const expected = { ...defaults };
  const fields = [];
  for (const part of parts) {
    if (!part.present(flags)) continue;
    fields.push({ name: part.name, offset: bytes.length, size: part.bytes.length });
    bytes.push(...part.bytes);
    Object.assign(expected, part.expected(flags));
  }
  return { bytes, expected, fields };
}

const vectors = [];
const addVector = (characteristic, name, description, bytes, expected) =>
  vectors.push({ characteristic, name, description, payload: hex(bytes), expected });
const addError = (characteristic, name, description, bytes, offset) =>
  vectors.push({ characteristic, name, description, payload: hex(bytes), error: { offset } });

// Every field that a truncated copy of `full` would end inside gives an error vector at that field's offset.
function addTruncations(characteristic, label, full) {
  for (const field of full.fields) {
    const cut = field.size > 1 ? field.offset + 1 : field.offset;
    addError(characteristic, `${label}, cut inside ${field.name}`,
      `Payload ends ${cut - field.offset} byte(s) into ${field.name} (${field.size} bytes at offset ${field.offset}).`,
      full.bytes.slice(0, cut), field.offset);
  }
}

// ---- Heart Rate Measurement 0x2A37 ----
{
  const rr = [801, 1026, 65535];
  for (let flags = 0; flags < 32; flags++) {
    const sixteen = (flags & 1) !== 0;
    const hr = sixteen ? 0x0134 : 0x8c;
    const supported = (flags & 4) !== 0;
    const parts = [
      { name: 'heart rate', present: () => true, bytes: sixteen ? u16(hr) : u8(hr), expected: () => ({ heartRate: hr }) },
      { name: 'energy expended', present: f => (f & 8) !== 0, bytes: u16(0x1234), expected: () => ({ energyExpended: 0x1234 }) },
      { name: 'RR interval', present: f => (f & 16) !== 0, bytes: rr.flatMap(u16),
        expected: () => ({ rrIntervals: rr, rrIntervalsMs: rr.map(v => v * 1000 / 1024) }) },
    ];
    const e = build([flags], parts, flags, {
      heartRate: null, sensorContactSupported: supported, sensorContactDetected: supported ? (flags & 2) !== 0 : null,
      energyExpended: null, rrIntervals: [], rrIntervalsMs: [],
    });
    const names = [sixteen ? 'uint16 HR' : 'uint8 HR', `contact bits ${(flags >> 1) & 3}`,
      flags & 8 ? 'energy' : null, flags & 16 ? 'RR' : null].filter(Boolean).join(', ');
    addVector('2A37', `HR flags 0x${flags.toString(16).padStart(2, '0')}: ${names}`,
      'Flag combination of the Heart Rate Measurement.', e.bytes, e.expected);
  }
  addVector('2A37', 'HR reserved flag bits are ignored', 'Bits 5-7 are reserved for future use.',
    [0xe0, 60], { heartRate: 60, sensorContactSupported: false, sensorContactDetected: null, energyExpended: null, rrIntervals: [], rrIntervalsMs: [] });
  addVector('2A37', 'HR RR flag with no RR values', 'The RR list fills the rest of the payload and may be empty.',
    [0x10, 60], { heartRate: 60, sensorContactSupported: false, sensorContactDetected: null, energyExpended: null, rrIntervals: [], rrIntervalsMs: [] });
  addError('2A37', 'HR empty payload', 'No flags byte.', [], 0);
  addError('2A37', 'HR 8-bit value missing', 'Flags only.', [0x00], 1);
  addError('2A37', 'HR 16-bit value cut', 'Flags say uint16 but one byte follows.', [0x01, 0x50], 1);
  addError('2A37', 'HR energy cut', 'Energy expended announced, one byte present.', [0x08, 0x50, 0x01], 2);
  addError('2A37', 'HR odd RR byte', 'An RR list with a trailing half value.', [0x10, 0x50, 0x00, 0x04, 0x01], 4);
}

// ---- Cycling Power Measurement 0x2A63 ----
{
  const power = -5 + 300; // 295 W
  const parts = [
    { name: 'pedal power balance', present: f => (f & 0x001) !== 0, bytes: u8(101),
      expected: f => ({ pedalPowerBalance: 50.5, pedalPowerBalanceReference: (f & 0x002) ? 'left' : 'unknown' }) },
    { name: 'accumulated torque', present: f => (f & 0x004) !== 0, bytes: u16(0x1234),
      expected: f => ({ accumulatedTorque: 0x1234 / 32, accumulatedTorqueSource: (f & 0x008) ? 'crank' : 'wheel' }) },
    { name: 'wheel revolution data', present: f => (f & 0x010) !== 0, bytes: [...u32(0x89abcdef), ...u16(0xfedc)],
      expected: () => ({ cumulativeWheelRevolutions: 0x89abcdef, lastWheelEventTime: 0xfedc }) },
    { name: 'crank revolution data', present: f => (f & 0x020) !== 0, bytes: [...u16(0xbeef), ...u16(0x0400)],
      expected: () => ({ cumulativeCrankRevolutions: 0xbeef, lastCrankEventTime: 0x0400 }) },
    { name: 'extreme force magnitudes', present: f => (f & 0x040) !== 0, bytes: [...s16(520), ...s16(-130)],
      expected: () => ({ maximumForceMagnitude: 520, minimumForceMagnitude: -130 }) },
    { name: 'extreme torque magnitudes', present: f => (f & 0x080) !== 0, bytes: [...s16(1600), ...s16(-96)],
      expected: () => ({ maximumTorqueMagnitude: 50, minimumTorqueMagnitude: -3 }) },
    { name: 'extreme angles', present: f => (f & 0x100) !== 0, bytes: u24(95 | (275 << 12)),
      expected: () => ({ maximumAngle: 95, minimumAngle: 275 }) },
    { name: 'top dead spot angle', present: f => (f & 0x200) !== 0, bytes: u16(355),
      expected: () => ({ topDeadSpotAngle: 355 }) },
    { name: 'bottom dead spot angle', present: f => (f & 0x400) !== 0, bytes: u16(185),
      expected: () => ({ bottomDeadSpotAngle: 185 }) },
    { name: 'accumulated energy', present: f => (f & 0x800) !== 0, bytes: u16(0x0a0b),
      expected: () => ({ accumulatedEnergy: 0x0a0b }) },
  ];
  const defaults = f => ({
    instantaneousPower: power, pedalPowerBalance: null, pedalPowerBalanceReference: null, accumulatedTorque: null,
    accumulatedTorqueSource: null, cumulativeWheelRevolutions: null, lastWheelEventTime: null,
    cumulativeCrankRevolutions: null, lastCrankEventTime: null, maximumForceMagnitude: null,
    minimumForceMagnitude: null, maximumTorqueMagnitude: null, minimumTorqueMagnitude: null, maximumAngle: null,
    minimumAngle: null, topDeadSpotAngle: null, bottomDeadSpotAngle: null, accumulatedEnergy: null,
    offsetCompensationIndicator: (f & 0x1000) !== 0,
  });
  const encode = flags => build([...u16(flags), ...s16(power)], parts, flags, defaults(flags));
  const flagNames = ['balance', 'balance ref left', 'torque', 'torque src crank', 'wheel', 'crank', 'force',
    'torque extremes', 'angles', 'TDS', 'BDS', 'energy', 'offset compensation'];
  const describe = f => flagNames.filter((_, i) => f & (1 << i)).join(' + ') || 'power only';
  const combos = new Set([0]);
  for (let i = 0; i < 13; i++) combos.add(1 << i);
  for (let i = 0; i < 13; i++) for (let j = i + 1; j < 13; j++) combos.add((1 << i) | (1 << j));
  // Force and torque extremes are alternatives in the specification; each "everything" vector has one of them.
  const withForce = 0x1fff & ~0x080;
  const withTorque = 0x1fff & ~0x040;
  combos.add(withForce).add(withTorque);
  for (const flags of combos) {
    const e = encode(flags);
    addVector('2A63', `Power flags 0x${flags.toString(16).padStart(4, '0')}: ${describe(flags)}`,
      'Flag combination of the Cycling Power Measurement.', e.bytes, e.expected);
  }
  const reserved = encode(0xe000);
  addVector('2A63', 'Power reserved flag bits are ignored', 'Bits 13-15 are reserved.', reserved.bytes, reserved.expected);
  const negative = build([...u16(0), ...s16(-20)], [], 0, { ...defaults(0), instantaneousPower: -20 });
  addVector('2A63', 'Power negative instantaneous power', 'Instantaneous power is signed.', negative.bytes, negative.expected);
  addError('2A63', 'Power empty payload', 'No flags.', [], 0);
  addError('2A63', 'Power flags cut', 'One byte of flags.', [0x00], 0);
  addError('2A63', 'Power missing instantaneous power', 'Flags only.', [0x00, 0x00], 2);
  addTruncations('2A63', 'Power all fields (force)', encode(withForce));
  addTruncations('2A63', 'Power all fields (torque)', { ...encode(withTorque), fields: encode(withTorque).fields.filter(f => f.name === 'extreme torque magnitudes') });
}

// ---- CSC Measurement 0x2A5B ----
const cscPayload = (wheel, crank) => {
  const flags = (wheel ? 1 : 0) | (crank ? 2 : 0);
  return [flags, ...(wheel ? [...u32(wheel[0]), ...u16(wheel[1])] : []), ...(crank ? [...u16(crank[0]), ...u16(crank[1])] : [])];
};
{
  const wheel = [0x01020304, 0x0506];
  const crank = [0x0708, 0x090a];
  for (let flags = 0; flags < 4; flags++) {
    const w = flags & 1 ? wheel : null;
    const c = flags & 2 ? crank : null;
    addVector('2A5B', `CSC flags 0x0${flags}: ${[w && 'wheel', c && 'crank'].filter(Boolean).join(' + ') || 'no data'}`,
      'Flag combination of the CSC Measurement.', cscPayload(w, c), {
        cumulativeWheelRevolutions: w ? w[0] : null, lastWheelEventTime: w ? w[1] : null,
        cumulativeCrankRevolutions: c ? c[0] : null, lastCrankEventTime: c ? c[1] : null,
      });
  }
  addError('2A5B', 'CSC empty payload', 'No flags.', [], 0);
  addError('2A5B', 'CSC wheel revolutions cut', 'Wheel data announced, two bytes present.', [0x01, 1, 2], 1);
  addError('2A5B', 'CSC wheel event time missing', 'Wheel revolutions without event time.', [0x01, 1, 2, 3, 4], 5);
  addError('2A5B', 'CSC crank revolutions cut', 'Crank data announced, one byte present.', [0x03, 1, 2, 3, 4, 5, 6, 7], 7);
  addError('2A5B', 'CSC crank event time cut', 'Crank event time cut.', [0x02, 1, 2, 3], 3);
}

// ---- RSC Measurement 0x2A53 ----
{
  for (let flags = 0; flags < 8; flags++) {
    const parts = [
      { name: 'instantaneous stride length', present: f => (f & 1) !== 0, bytes: u16(142), expected: () => ({ instantaneousStrideLength: 1.42 }) },
      { name: 'total distance', present: f => (f & 2) !== 0, bytes: u32(123456), expected: () => ({ totalDistance: 12345.6 }) },
    ];
    const e = build([flags, ...u16(0x0380), 172], parts, flags, {
      instantaneousSpeed: 0x0380 / 256, instantaneousCadence: 172, instantaneousStrideLength: null, totalDistance: null,
      isRunning: (flags & 4) !== 0,
    });
    addVector('2A53', `RSC flags 0x0${flags}`, 'Flag combination of the RSC Measurement.', e.bytes, e.expected);
  }
  addError('2A53', 'RSC empty payload', 'No flags.', [], 0);
  addError('2A53', 'RSC speed cut', 'One byte of speed.', [0x00, 0x80], 1);
  addError('2A53', 'RSC cadence missing', 'Speed without cadence.', [0x00, 0x80, 0x03], 3);
  addError('2A53', 'RSC stride length cut', 'Stride announced, one byte.', [0x01, 0x80, 0x03, 170, 1], 4);
  addError('2A53', 'RSC total distance cut', 'Distance announced, three bytes.', [0x02, 0x80, 0x03, 170, 1, 2, 3], 4);
}

// ---- Indoor Bike Data 0x2AD2 ----
{
  const parts = [
    // Bit 0 is "More Data": the instantaneous speed is present when it is CLEAR.
    { name: 'instantaneous speed', present: f => (f & 0x0001) === 0, bytes: u16(3215), expected: () => ({ instantaneousSpeed: 32.15 }) },
    { name: 'average speed', present: f => (f & 0x0002) !== 0, bytes: u16(2870), expected: () => ({ averageSpeed: 28.7 }) },
    { name: 'instantaneous cadence', present: f => (f & 0x0004) !== 0, bytes: u16(181), expected: () => ({ instantaneousCadence: 90.5 }) },
    { name: 'average cadence', present: f => (f & 0x0008) !== 0, bytes: u16(170), expected: () => ({ averageCadence: 85 }) },
    { name: 'total distance', present: f => (f & 0x0010) !== 0, bytes: u24(0x012345), expected: () => ({ totalDistance: 0x012345 }) },
    { name: 'resistance level', present: f => (f & 0x0020) !== 0, bytes: s16(-3), expected: () => ({ resistanceLevel: -3 }) },
    { name: 'instantaneous power', present: f => (f & 0x0040) !== 0, bytes: s16(245), expected: () => ({ instantaneousPower: 245 }) },
    { name: 'average power', present: f => (f & 0x0080) !== 0, bytes: s16(210), expected: () => ({ averagePower: 210 }) },
    { name: 'expended energy', present: f => (f & 0x0100) !== 0, bytes: [...u16(512), ...u16(780), ...u8(13)],
      expected: () => ({ totalEnergy: 512, energyPerHour: 780, energyPerMinute: 13 }) },
    { name: 'heart rate', present: f => (f & 0x0200) !== 0, bytes: u8(151), expected: () => ({ heartRate: 151 }) },
    { name: 'metabolic equivalent', present: f => (f & 0x0400) !== 0, bytes: u8(87), expected: () => ({ metabolicEquivalent: 8.7 }) },
    { name: 'elapsed time', present: f => (f & 0x0800) !== 0, bytes: u16(3725), expected: () => ({ elapsedTime: 3725 }) },
    { name: 'remaining time', present: f => (f & 0x1000) !== 0, bytes: u16(600), expected: () => ({ remainingTime: 600 }) },
  ];
  const defaults = f => ({
    moreData: (f & 1) !== 0, instantaneousSpeed: null, averageSpeed: null, instantaneousCadence: null,
    averageCadence: null, totalDistance: null, resistanceLevel: null, instantaneousPower: null, averagePower: null,
    totalEnergy: null, energyPerHour: null, energyPerMinute: null, heartRate: null, metabolicEquivalent: null,
    elapsedTime: null, remainingTime: null,
  });
  const encode = flags => build(u16(flags), parts, flags, defaults(flags));
  const names = ['more data', 'avg speed', 'cadence', 'avg cadence', 'distance', 'resistance', 'power', 'avg power',
    'energy', 'HR', 'MET', 'elapsed', 'remaining'];
  const describe = f => names.filter((_, i) => f & (1 << i)).join(' + ') || 'speed only';
  const combos = new Set([0, 0x1ffe, 0x1fff]);
  for (let i = 0; i < 13; i++) combos.add(1 << i);
  for (let i = 0; i < 13; i++) for (let j = i + 1; j < 13; j++) combos.add((1 << i) | (1 << j));
  for (const flags of combos) {
    const e = encode(flags);
    addVector('2AD2', `Bike flags 0x${flags.toString(16).padStart(4, '0')}: ${describe(flags)}`,
      'Flag combination of Indoor Bike Data.', e.bytes, e.expected);
  }
  const na = build(u16(0x0101), [{ name: 'expended energy', present: () => true, bytes: [...u16(0xffff), ...u16(0xffff), ...u8(0xff)], expected: () => ({}) }], 0x0101, defaults(0x0101));
  addVector('2AD2', 'Bike energy "not available" values are null', 'Machines without energy per hour/minute send all-ones.', na.bytes, na.expected);
  addError('2AD2', 'Bike empty payload', 'No flags.', [], 0);
  addError('2AD2', 'Bike speed missing when More Data is clear', 'Flags 0x0000 promise instantaneous speed.', [0x00, 0x00], 2);
  addTruncations('2AD2', 'Bike all fields', encode(0x1ffe));
}

// ---- CSC sequences: speed and cadence from consecutive measurements ----
const cscSequences = [];
const C = 2.105;
const seq = (name, description, steps, wheelCircumferenceMm = 2105, staleAfterRepeats = 3) =>
  cscSequences.push({
    name, description, wheelCircumferenceMm, staleAfterRepeats,
    steps: steps.map(([wheel, crank, expected]) => ({ payload: hex(cscPayload(wheel, crank)), expected })),
  });
seq('Steady ride', 'Two wheel revolutions in 2 s and one crank revolution per second.', [
  [[100, 0], [10, 0], { speed: null, cadence: null, distance: 0 }],
  [[102, 2048], [11, 1024], { speed: 2 * C / 2, cadence: 60, distance: 2 * C }],
  [[105, 3072], [13, 2048], { speed: 3 * C, cadence: 120, distance: 5 * C }],
]);
seq('Wheel counter rollover', 'The 32-bit wheel counter wraps from 0xFFFFFFFE to 1: three revolutions.', [
  [[0xfffffffe, 1000], null, { speed: null, cadence: null, distance: 0 }],
  [[1, 2024], null, { speed: 3 * C, cadence: null, distance: 3 * C }],
  [[4, 3048], null, { speed: 3 * C, cadence: null, distance: 6 * C }],
]);
seq('Wheel event time rollover', 'The 16-bit event time wraps from 65000 to 1000: 1536/1024 s.', [
  [[500, 65000], null, { speed: null, cadence: null, distance: 0 }],
  [[503, 1000], null, { speed: 3 * C / 1.5, cadence: null, distance: 3 * C }],
]);
seq('Crank counter and time rollover', 'The 16-bit crank counter wraps 65535 to 1 while event time wraps 65500 to 500.', [
  [null, [65535, 65500], { speed: null, cadence: null, distance: 0 }],
  [null, [1, 500], { speed: null, cadence: 2 * 60 / (536 / 1024), distance: 0 }],
]);
seq('No new event repeats', 'A sensor repeats its last counters while the wheel stands still; after 3 repeats the speed is 0.', [
  [[10, 0], [5, 0], { speed: null, cadence: null, distance: 0 }],
  [[12, 1024], [6, 1024], { speed: 2 * C, cadence: 60, distance: 2 * C }],
  [[12, 1024], [6, 1024], { speed: 2 * C, cadence: 60, distance: 2 * C }],
  [[12, 1024], [6, 1024], { speed: 2 * C, cadence: 60, distance: 2 * C }],
  [[12, 1024], [6, 1024], { speed: 0, cadence: 0, distance: 2 * C }],
  [[13, 2048], [7, 2048], { speed: C, cadence: 60, distance: 3 * C }],
]);
seq('Sensor restart', 'Counters fall back to small values (a new battery): the jump is ignored and counting restarts.', [
  [[5000, 10000], null, { speed: null, cadence: null, distance: 0 }],
  [[5002, 11024], null, { speed: 2 * C, cadence: null, distance: 2 * C }],
  [[3, 200], null, { speed: 2 * C, cadence: null, distance: 2 * C }],
  [[4, 1224], null, { speed: C, cadence: null, distance: 3 * C }],
]);
seq('Custom wheel circumference', 'A 2000 mm wheel: one revolution per second is 2 m/s.', [
  [[0, 0], null, { speed: null, cadence: null, distance: 0 }],
  [[1, 1024], null, { speed: 2, cadence: null, distance: 2 }],
], 2000);
seq('Alternating wheel-only and crank-only notifications', 'A combined sensor that sends one kind per notification.', [
  [[0, 0], null, { speed: null, cadence: null, distance: 0 }],
  [null, [0, 0], { speed: null, cadence: null, distance: 0 }],
  [[2, 1024], null, { speed: 2 * C, cadence: null, distance: 2 * C }],
  [null, [1, 512], { speed: 2 * C, cadence: 120, distance: 2 * C }],
]);

const here = dirname(fileURLToPath(import.meta.url));
const document = {
  description: 'Bluetooth GATT characteristic test vectors. Schema: testdata/README.md. Generated by testdata/tools/generate-gatt-vectors.mjs.',
  vectors,
  cscSequences,
};
writeFileSync(join(here, '..', 'gatt-vectors.json'), JSON.stringify(document, null, 1) + '\n');
console.log(`${vectors.length} vectors, ${cscSequences.length} CSC sequences`);

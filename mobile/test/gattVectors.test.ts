import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CscCalculator, GattDecodeError, decodeCsc, decoders, hexToBytes } from '../src/sensors/gatt';

// The same file the server's decoders are tested against; it lives at the repository root.
const VECTORS_PATH = join(__dirname, '..', '..', 'testdata', 'gatt-vectors.json');

interface Vector {
  characteristic: string;
  name: string;
  payload: string;
  expected?: Record<string, unknown>;
  error?: { offset: number };
}

interface CscSequence {
  name: string;
  wheelCircumferenceMm: number;
  staleAfterRepeats: number;
  steps: { payload: string; expected: Record<string, unknown> }[];
}

const file = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as { vectors: Vector[]; cscSequences: CscSequence[] };

function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') throw new Error(`${path}: expected ${expected}, got ${JSON.stringify(actual)}`);
    if (Math.abs(actual - expected) > 1e-9) throw new Error(`${path}: expected ${expected}, got ${actual}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
    expected.forEach((item, i) => expectClose(actual[i], item, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    const expectedKeys = Object.keys(expected).sort();
    const actualKeys = Object.keys(actual).sort();
    if (JSON.stringify(expectedKeys) !== JSON.stringify(actualKeys)) {
      throw new Error(`${path}: fields ${actualKeys.join(',')} differ from ${expectedKeys.join(',')}`);
    }
    for (const key of expectedKeys) {
      expectClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return;
  }
  if (actual !== expected) throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

describe('GATT decoders agree with the shared test vectors', () => {
  it('has vectors for every characteristic the app decodes', () => {
    const covered = new Set(file.vectors.map((v) => v.characteristic));
    for (const characteristic of Object.keys(decoders)) expect(covered).toContain(characteristic);
    expect(file.cscSequences.length).toBeGreaterThan(0);
  });

  it.each(file.vectors.map((v) => [`${v.characteristic} ${v.name}`, v] as const))('%s', (_name, vector) => {
    const decode = decoders[vector.characteristic];
    if (decode === undefined) throw new Error(`no decoder for ${vector.characteristic}`);
    const payload = hexToBytes(vector.payload);
    if (vector.error !== undefined) {
      let thrown: unknown;
      try {
        decode(payload);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GattDecodeError);
      expect((thrown as GattDecodeError).offset).toBe(vector.error.offset);
    } else {
      expectClose(decode(payload), vector.expected, vector.name);
    }
  });

  it.each(file.cscSequences.map((s) => [s.name, s] as const))('CSC sequence: %s', (_name, sequence) => {
    const calculator = new CscCalculator({
      wheelCircumferenceMm: sequence.wheelCircumferenceMm,
      staleAfterRepeats: sequence.staleAfterRepeats,
    });
    sequence.steps.forEach((step, i) => {
      expectClose(calculator.update(decodeCsc(hexToBytes(step.payload))), step.expected, `${sequence.name} step ${i}`);
    });
  });
});

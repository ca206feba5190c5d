/** A payload ended inside a field its flags announced. `offset` is that field's first byte. */
export class GattDecodeError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'GattDecodeError';
  }
}

/** Reads little-endian GATT fields one at a time, failing at the first byte of a field that is cut short. */
export class GattReader {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  uint8(field: string): number {
    return this.take(1, field)[0]!;
  }

  uint16(field: string): number {
    const b = this.take(2, field);
    return b[0]! | (b[1]! << 8);
  }

  sint16(field: string): number {
    const value = this.uint16(field);
    return value >= 0x8000 ? value - 0x10000 : value;
  }

  uint24(field: string): number {
    const b = this.take(3, field);
    return b[0]! | (b[1]! << 8) | (b[2]! << 16);
  }

  uint32(field: string): number {
    const b = this.take(4, field);
    // `>>> 0` keeps the top bit from turning the value negative.
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  private take(length: number, field: string): Uint8Array {
    if (this.remaining < length) throw new GattDecodeError(this.position, `${field} cut short`);
    const slice = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return slice;
  }
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error(`odd-length hex: ${hex}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function base64ToBytes(base64: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = base64.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, index);
}

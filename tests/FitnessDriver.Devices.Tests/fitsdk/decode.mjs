// Decodes FIT files with Garmin's SDK and prints what the C# tests compare, as JSON on stdout.
// Usage: node decode.mjs file.fit [file.fit ...]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';

const pick = (...values) => values.find(v => v !== undefined && v !== null) ?? null;

const results = process.argv.slice(2).map(path => {
  const decoder = new Decoder(Stream.fromBuffer(readFileSync(path)));
  // Raw date_time seconds and no merging of hr messages: the comparison is per record message as stored.
  const { messages, errors } = decoder.read({ convertDateTimesToDates: false, mergeHeartRates: false });
  const records = (messages.recordMesgs ?? []).map(r => ({
    timestamp: pick(r.timestamp),
    positionLat: pick(r.positionLat),
    positionLong: pick(r.positionLong),
    altitude: pick(r.enhancedAltitude, r.altitude),
    heartRate: pick(r.heartRate),
    cadence: pick(r.cadence),
    speed: pick(r.enhancedSpeed, r.speed),
    power: pick(r.power),
    distance: pick(r.distance),
  }));
  const fileId = messages.fileIdMesgs?.[0] ?? null;
  return {
    file: basename(path),
    errors: errors.map(e => e.message),
    records,
    sessionSport: messages.sessionMesgs?.[0]?.sport ?? null,
    fileId: fileId && { manufacturer: fileId.manufacturer ?? null, product: fileId.product ?? null, serialNumber: fileId.serialNumber ?? null },
    hrvCount: (messages.hrvMesgs ?? []).flatMap(h => Array.isArray(h.time) ? h.time : [h.time]).filter(t => t !== null && t !== undefined).length,
  };
});
process.stdout.write(JSON.stringify(results));

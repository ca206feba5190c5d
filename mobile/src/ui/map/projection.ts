/** Positions to screen points: Web Mercator, fitted into a view box, as map tiles are drawn. */

export interface LatLon {
  lat: number;
  lon: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Mercator's limit: tiles stop there. */
const MAX_LAT = 85.0511287798;

/** Web Mercator of a position, both axes 0–1 over the whole world (y grows southward, as on screen). */
export function mercator(position: LatLon): Point {
  const lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, position.lat));
  const sin = Math.sin((lat * Math.PI) / 180);
  return { x: (position.lon + 180) / 360, y: 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI) };
}

export interface Projection {
  /** View units per world unit (the world is 1 × 1). */
  scale: number;
  /** The world point at the view's top left corner. */
  origin: Point;
  width: number;
  height: number;
  toView(position: LatLon): Point;
}

/**
 * The projection that fits every segment's points into `width` × `height` with `padding` on each side, centred, the
 * same scale on both axes (a route keeps its shape). A single point, or none, is centred at a street-level scale.
 */
export function fitProjection(segments: readonly (readonly LatLon[])[], width: number, height: number, padding = 12): Projection {
  const world = segments.flat().map(mercator);
  const xs = world.map((p) => p.x);
  const ys = world.map((p) => p.y);
  const [minX, maxX, minY, maxY] = world.length > 0 ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [0.5, 0.5, 0.5, 0.5];
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const inner = { width: Math.max(1, width - 2 * padding), height: Math.max(1, height - 2 * padding) };
  // About 500 m across for a single point.
  const streetScale = 256 * 2 ** 16;
  const scale = spanX === 0 && spanY === 0 ? streetScale : Math.min(spanX > 0 ? inner.width / spanX : Infinity, spanY > 0 ? inner.height / spanY : Infinity);
  const origin = { x: (minX + maxX) / 2 - width / 2 / scale, y: (minY + maxY) / 2 - height / 2 / scale };
  return {
    scale,
    origin,
    width,
    height,
    toView: (position) => {
      const p = mercator(position);
      return { x: (p.x - origin.x) * scale, y: (p.y - origin.y) * scale };
    },
  };
}

/** The route as drawn: runs of positions, broken where a position is missing (hidden by privacy, or no fix). */
export function routeSegments(lat: readonly (number | null | undefined)[], lon: readonly (number | null | undefined)[]): LatLon[][] {
  const segments: LatLon[][] = [];
  let current: LatLon[] = [];
  for (let i = 0; i < Math.min(lat.length, lon.length); i++) {
    const a = lat[i];
    const o = lon[i];
    if (typeof a === 'number' && typeof o === 'number' && Number.isFinite(a) && Number.isFinite(o)) {
      current.push({ lat: a, lon: o });
    } else if (current.length > 0) {
      segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** At most `max` positions, evenly picked, the first and last always kept: a long live track stays cheap to draw. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/** SVG `points` of a polyline. */
export function polylinePoints(points: readonly Point[]): string {
  return points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

export interface Tile {
  key: string;
  url: string;
  x: number;
  y: number;
  size: number;
}

/**
 * The raster tiles under the view for an address template with `{z}`, `{x}` and `{y}` (e.g.
 * `https://tile.openstreetmap.org/{z}/{x}/{y}.png`): the zoom whose 256-pixel tiles are closest to the view's scale.
 */
export function tilesFor(projection: Projection, template: string, maxZoom = 19): Tile[] {
  const zoom = Math.max(0, Math.min(maxZoom, Math.round(Math.log2(projection.scale / 256))));
  const count = 2 ** zoom;
  const size = projection.scale / count;
  const first = { x: Math.floor(projection.origin.x * count), y: Math.floor(projection.origin.y * count) };
  const last = {
    x: Math.floor((projection.origin.x + projection.width / projection.scale) * count),
    y: Math.floor((projection.origin.y + projection.height / projection.scale) * count),
  };
  const tiles: Tile[] = [];
  for (let ty = Math.max(0, first.y); ty <= Math.min(count - 1, last.y); ty++) {
    for (let tx = first.x; tx <= last.x; tx++) {
      const wrapped = ((tx % count) + count) % count;
      tiles.push({
        key: `${zoom}/${tx}/${ty}`,
        url: template.replace('{z}', String(zoom)).replace('{x}', String(wrapped)).replace('{y}', String(ty)),
        x: (tx / count - projection.origin.x) * projection.scale,
        y: (ty / count - projection.origin.y) * projection.scale,
        size,
      });
    }
  }
  return tiles;
}

/** Whether a tile address template can be used: http(s) with all three placeholders. */
export function validTileTemplate(template: string): boolean {
  return /^https?:\/\/\S+$/.test(template) && ['{z}', '{x}', '{y}'].every((p) => template.includes(p));
}

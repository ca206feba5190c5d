import { fitProjection, mercator, polylinePoints, routeSegments, thin, tilesFor, validTileTemplate } from '../src/ui/map/projection';

describe('route map projection', () => {
  it('breaks the route where positions are missing (hidden by privacy or no fix)', () => {
    expect(routeSegments([1, 2, null, 4, 5, 6], [10, 20, 30, null, 50, 60])).toEqual([
      [
        { lat: 1, lon: 10 },
        { lat: 2, lon: 20 },
      ],
      [
        { lat: 5, lon: 50 },
        { lat: 6, lon: 60 },
      ],
    ]);
    expect(routeSegments([], [])).toEqual([]);
  });

  it('fits the route into the view, keeping its shape, north up', () => {
    const route = [
      { lat: 55.75, lon: 37.6 },
      { lat: 55.76, lon: 37.6 },
      { lat: 55.76, lon: 37.62 },
    ];
    const projection = fitProjection([route], 300, 200, 10);
    const [a, b, c] = route.map(projection.toView) as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
    expect(b.y).toBeLessThan(a.y);
    expect(c.x).toBeGreaterThan(b.x);
    for (const p of [a, b, c]) {
      expect(p.x).toBeGreaterThanOrEqual(10 - 1e-6);
      expect(p.x).toBeLessThanOrEqual(290 + 1e-6);
      expect(p.y).toBeGreaterThanOrEqual(10 - 1e-6);
      expect(p.y).toBeLessThanOrEqual(190 + 1e-6);
    }
    // Same scale on both axes: the view's tighter side is filled.
    expect(Math.max(Math.abs(b.y - a.y) - 180, Math.abs(c.x - b.x) - 280)).toBeCloseTo(0, 6);
    expect(polylinePoints([a, b])).toMatch(/^\d+\.\d,\d+\.\d \d+\.\d,\d+\.\d$/);
  });

  it('centres a single position', () => {
    const projection = fitProjection([[{ lat: 43.25, lon: 76.93 }]], 200, 100);
    expect(projection.toView({ lat: 43.25, lon: 76.93 })).toEqual({ x: 100, y: 50 });
  });

  it('keeps at most the points it can draw, first and last among them', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => i);
    const kept = thin(points, 600);
    expect(kept).toHaveLength(600);
    expect([kept[0], kept[599]]).toEqual([0, 9999]);
  });

  it('asks for the tiles under the view only when a template is set', () => {
    expect(validTileTemplate('')).toBe(false);
    expect(validTileTemplate('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(true);
    expect(validTileTemplate('ftp://x/{z}/{x}/{y}')).toBe(false);
    const projection = fitProjection([[{ lat: 55.75, lon: 37.6 }, { lat: 55.76, lon: 37.62 }]], 256, 256, 0);
    const tiles = tilesFor(projection, 'https://t/{z}/{x}/{y}.png');
    expect(tiles.length).toBeGreaterThanOrEqual(1);
    expect(tiles.length).toBeLessThanOrEqual(9);
    const { x, y } = mercator({ lat: 55.755, lon: 37.61 });
    const zoom = Number(tiles[0]!.key.split('/')[0]);
    const expected = `https://t/${zoom}/${Math.floor(x * 2 ** zoom)}/${Math.floor(y * 2 ** zoom)}.png`;
    expect(tiles.map((tile) => tile.url)).toContain(expected);
  });
});

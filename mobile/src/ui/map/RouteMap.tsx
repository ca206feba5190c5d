import { StyleSheet, Text, View } from 'react-native';
import Svg, { Circle, Image as SvgImage, Polyline, Rect } from 'react-native-svg';
import { i18n, t } from '../../i18n';
import { colors } from '../theme';
import { fitProjection, polylinePoints, thin, tilesFor, validTileTemplate, type LatLon } from './projection';

/** Positions drawn at most: a line this fine is as smooth as the screen can show. */
const MAX_POINTS = 600;

/**
 * A route drawn as an SVG line, start and finish marked, without any network; under it raster tiles when a tile
 * address is set (Settings) and the phone is online. Screen readers hear what it is and how long.
 */
export function RouteMap(props: { segments: LatLon[][]; width: number; height?: number; distanceM?: number; tileUrl?: string; testID?: string; live?: boolean }) {
  // The card's padding and border take 18 points of the width it is given.
  const width = Math.max(40, props.width - 18);
  const height = props.height ?? Math.round(width * 0.62);
  const total = props.segments.reduce((n, s) => n + s.length, 0);
  const label = props.distanceM !== undefined && props.distanceM > 0 ? t('map.label', { distance: i18n().distanceWords(props.distanceM) }) : t('map.labelNoDistance');
  if (total === 0) {
    return (
      <View style={styles.box} testID={props.testID}>
        <Text style={styles.empty}>{t('map.empty')}</Text>
      </View>
    );
  }
  const segments = props.segments.map((s) => thin(s, Math.max(2, Math.round((MAX_POINTS * s.length) / total))));
  const projection = fitProjection(segments, width, height);
  const lines = segments.map((s) => polylinePoints(s.map(projection.toView)));
  const start = projection.toView(segments[0]![0]!);
  const lastSegment = segments[segments.length - 1]!;
  const finish = projection.toView(lastSegment[lastSegment.length - 1]!);
  const tiles = props.tileUrl && validTileTemplate(props.tileUrl) ? tilesFor(projection, props.tileUrl) : [];
  return (
    <View style={styles.box} testID={props.testID} accessible accessibilityRole="image" accessibilityLabel={label}>
      <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <Rect x={0} y={0} width={width} height={height} fill={colors.mapBackground} />
        {tiles.map((tile) => (
          <SvgImage key={tile.key} href={tile.url} x={tile.x} y={tile.y} width={tile.size} height={tile.size} preserveAspectRatio="none" />
        ))}
        {lines.map((points, i) => (
          <Polyline key={i} points={points} fill="none" stroke={colors.route} strokeWidth={3} strokeLinejoin="round" strokeLinecap="round" />
        ))}
        <Circle cx={start.x} cy={start.y} r={6} fill={colors.good} stroke="#fff" strokeWidth={2} testID="route-start" />
        {props.live ? null : <Circle cx={finish.x} cy={finish.y} r={6} fill={colors.bad} stroke="#fff" strokeWidth={2} testID="route-finish" />}
        {props.live ? <Circle cx={finish.x} cy={finish.y} r={7} fill={colors.accent} stroke="#fff" strokeWidth={2} testID="route-here" /> : null}
      </Svg>
      <View style={styles.legend} importantForAccessibility="no-hide-descendants" accessibilityElementsHidden>
        <Text style={[styles.legendText, { color: colors.good }]}>● {t('map.start')}</Text>
        {props.live ? null : <Text style={[styles.legendText, { color: colors.bad }]}>● {t('map.finish')}</Text>}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { backgroundColor: colors.card, borderRadius: 12, padding: 8, gap: 6, borderWidth: 1, borderColor: colors.border, overflow: 'hidden' },
  empty: { color: colors.muted, padding: 8 },
  legend: { flexDirection: 'row', gap: 16, paddingHorizontal: 4 },
  legendText: { fontSize: 13 },
});

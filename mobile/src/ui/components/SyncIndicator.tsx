import { StyleSheet, Text, View } from 'react-native';
import type { SyncStatus } from '../../sync/SyncEngine';
import { colors } from '../theme';

/** Quiet when everything is on the server; a small line while samples wait. */
export function SyncIndicator({ status }: { status: SyncStatus }) {
  if (status.pendingSamples === 0 && status.state !== 'failed') return null;
  const waiting = `${status.pendingSamples} sample${status.pendingSamples === 1 ? '' : 's'} waiting to sync`;
  const detail =
    status.state === 'retrying' && status.retryInMs !== undefined
      ? ` · retrying in ${Math.ceil(status.retryInMs / 1000)} s`
      : status.state === 'failed'
        ? ` · ${status.lastError ?? 'sync stopped'}`
        : '';
  return (
    <View style={styles.bar} testID="sync-indicator">
      <View style={[styles.dot, { backgroundColor: status.state === 'uploading' ? colors.good : colors.warn }]} />
      <Text style={styles.text} numberOfLines={1}>
        {waiting}
        {detail}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  bar: { flexDirection: 'row', alignItems: 'center', gap: 6, paddingHorizontal: 16, paddingVertical: 4 },
  dot: { width: 8, height: 8, borderRadius: 4 },
  text: { color: colors.muted, fontSize: 12 },
});

import { StyleSheet, Text, View } from 'react-native';
import { t } from '../../i18n';
import type { SyncStatus } from '../../sync/SyncEngine';
import { colors } from '../theme';

/** Quiet when everything is on the server; a small line while samples wait. */
export function SyncIndicator({ status }: { status: SyncStatus }) {
  if (status.pendingSamples === 0 && status.state !== 'failed') return null;
  const waiting = t('history.waiting', { count: status.pendingSamples });
  const detail =
    status.state === 'retrying' && status.retryInMs !== undefined
      ? t('sync.retrying', { seconds: Math.ceil(status.retryInMs / 1000) })
      : status.state === 'failed'
        ? ` · ${status.lastError ?? t('sync.stopped')}`
        : '';
  return (
    <View style={styles.bar} testID="sync-indicator" accessible accessibilityLiveRegion="polite" accessibilityLabel={waiting + detail}>
      <View style={[styles.dot, { backgroundColor: status.state === 'uploading' ? colors.good : colors.warn }]} />
      <Text style={styles.text}>
        {waiting}
        {detail}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  bar: { flexDirection: 'row', alignItems: 'center', gap: 6, paddingHorizontal: 16, paddingVertical: 4 },
  dot: { width: 8, height: 8, borderRadius: 4 },
  text: { color: colors.muted, fontSize: 12, flexShrink: 1 },
});

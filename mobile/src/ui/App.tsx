import { StatusBar } from 'expo-status-bar';
import { useEffect, useMemo, useState } from 'react';
import { ActivityIndicator, Pressable, SafeAreaView, StyleSheet, Text, View } from 'react-native';
import type { SyncStatus } from '../sync/SyncEngine';
import { AppContext } from './AppContext';
import { AppServices } from './AppServices';
import { RecordingSession } from './RecordingSession';
import { SyncIndicator } from './components/SyncIndicator';
import { Toasts, celebrates, toastFor, type Toast } from './components/Toasts';
import { ChallengesScreen } from './screens/ChallengesScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ProgressScreen } from './screens/ProgressScreen';
import { RecordScreen } from './screens/RecordScreen';
import { SensorsScreen } from './screens/SensorsScreen';
import { SignUpScreen } from './screens/SignUpScreen';
import { colors } from './theme';

const TABS = [
  { key: 'record', title: 'Record', Screen: RecordScreen },
  { key: 'progress', title: 'Progress', Screen: ProgressScreen },
  { key: 'history', title: 'History', Screen: HistoryScreen },
  { key: 'challenges', title: 'Challenges', Screen: ChallengesScreen },
  { key: 'sensors', title: 'Sensors', Screen: SensorsScreen },
] as const;

type TabKey = (typeof TABS)[number]['key'];

const TOAST_MS = 6000;

export default function App() {
  const [services, setServices] = useState<AppServices>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    AppServices.create().then(setServices, (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <SafeAreaView style={styles.root}>
      <StatusBar style="light" />
      {services ? <Main services={services} /> : failure ? <Text style={styles.failure}>{failure}</Text> : <ActivityIndicator style={{ flex: 1 }} color={colors.accent} />}
    </SafeAreaView>
  );
}

function Main({ services }: { services: AppServices }) {
  const session = useMemo(() => new RecordingSession(services), [services]);
  const [signedIn, setSignedIn] = useState(services.signedIn);
  const [tab, setTab] = useState<TabKey>(initialTab());
  const [status, setStatus] = useState<SyncStatus>(services.syncStatus);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [notificationCount, setNotificationCount] = useState(0);

  useEffect(() => services.onSyncStatus(setStatus), [services]);
  useEffect(
    () =>
      services.onNotification((notification) => {
        setNotificationCount((n) => n + 1);
        if (!celebrates(notification)) return;
        const toast = toastFor(notification);
        setToasts((list) => [...list.slice(-2), toast]);
        setTimeout(() => setToasts((list) => list.filter((t) => t.key !== toast.key)), TOAST_MS);
      }),
    [services],
  );

  const context = { services, session, notificationCount };
  if (!signedIn) {
    return (
      <AppContext.Provider value={context}>
        <SignUpScreen onSignedUp={() => setSignedIn(true)} />
      </AppContext.Provider>
    );
  }
  const Screen = TABS.find((t) => t.key === tab)!.Screen;
  return (
    <AppContext.Provider value={context}>
      <View style={styles.header}>
        <Text style={styles.brand}>Fitness Driver</Text>
      </View>
      <SyncIndicator status={status} />
      <View style={styles.body}>
        <Screen />
      </View>
      <View style={styles.tabs} accessibilityRole="tablist">
        {TABS.map((t) => (
          <Pressable key={t.key} accessibilityRole="tab" testID={`tab-${t.key}`} onPress={() => setTab(t.key)} style={styles.tab}>
            <Text style={[styles.tabText, t.key === tab ? styles.tabActive : null]}>{t.title}</Text>
          </Pressable>
        ))}
      </View>
      <Toasts toasts={toasts} />
    </AppContext.Provider>
  );
}

/** The browser build can open on a given tab (`?tab=progress`), which makes screens linkable. */
function initialTab(): TabKey {
  const search = typeof window !== 'undefined' && window.location ? window.location.search : '';
  const requested = new URLSearchParams(search).get('tab');
  return TABS.some((t) => t.key === requested) ? (requested as TabKey) : 'record';
}

const styles = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
  header: { paddingHorizontal: 16, paddingTop: 12, paddingBottom: 4 },
  brand: { color: colors.accent, fontWeight: '800', fontSize: 16, letterSpacing: 1 },
  body: { flex: 1 },
  tabs: { flexDirection: 'row', borderTopWidth: 1, borderTopColor: colors.border, backgroundColor: colors.card },
  tab: { flex: 1, paddingVertical: 14, alignItems: 'center' },
  tabText: { color: colors.muted, fontSize: 13, fontWeight: '600' },
  tabActive: { color: colors.accent },
  failure: { color: colors.bad, padding: 24 },
});

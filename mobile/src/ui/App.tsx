import { StatusBar } from 'expo-status-bar';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ActivityIndicator, Pressable, SafeAreaView, StyleSheet, Text, View } from 'react-native';
import { applyToastAction, type GameToastAction } from '../game/OfflineGame';
import { onI18nChange, t } from '../i18n';
import type { SyncStatus } from '../sync/SyncEngine';
import { AppContext } from './AppContext';
import { AppServices } from './AppServices';
import { RecordingSession } from './RecordingSession';
import { SyncIndicator } from './components/SyncIndicator';
import { Toasts, celebrates, toastFor, type Toast } from './components/Toasts';
import { ChallengesScreen } from './screens/ChallengesScreen';
import { SocialScreen } from './screens/SocialScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ProgressScreen } from './screens/ProgressScreen';
import { RecordScreen } from './screens/RecordScreen';
import { SensorsScreen } from './screens/SensorsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignUpScreen } from './screens/SignUpScreen';
import { colors } from './theme';

const TABS = [
  { key: 'record', Screen: RecordScreen },
  { key: 'progress', Screen: ProgressScreen },
  { key: 'history', Screen: HistoryScreen },
  { key: 'feed', Screen: SocialScreen },
  { key: 'challenges', Screen: ChallengesScreen },
  { key: 'sensors', Screen: SensorsScreen },
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
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [status, setStatus] = useState<SyncStatus>(services.syncStatus);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [notificationCount, setNotificationCount] = useState(0);
  const [language, setLanguage] = useState(0);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => onI18nChange(() => setLanguage((n) => n + 1)), []);
  useEffect(() => services.onSyncStatus(setStatus), [services]);
  useEffect(() => {
    // A recording the background task kept going while the app was closed, or after the OS killed it.
    if (signedIn) session.restore().catch(() => undefined);
  }, [session, signedIn]);
  useEffect(() => {
    const show = (action: GameToastAction | { kind: 'show'; toast: Toast }) => {
      setToasts((list) => applyToastAction(list, action) as Toast[]);
      // A toast stays its time from when it first showed; new words on it do not keep it longer.
      if (action.kind === 'show' && !timers.current.has(action.toast.key)) {
        const key = action.toast.key;
        timers.current.set(
          key,
          setTimeout(() => {
            timers.current.delete(key);
            setToasts((list) => list.filter((toast) => toast.key !== key));
          }, TOAST_MS),
        );
      }
    };
    const offGame = services.onGameToast(show);
    const offNotifications = services.onNotification((notification, replaced) => {
      // Live group standings come every 2 s and only the group view reads them: screens need not reload for them.
      if (notification.type !== 'group-update') setNotificationCount((n) => n + 1);
      if (replaced || !celebrates(notification)) return;
      show({ kind: 'show', toast: toastFor(notification) });
    });
    return () => {
      offGame();
      offNotifications();
    };
  }, [services]);

  const context = { services, session, notificationCount };
  if (!signedIn) {
    return (
      <AppContext.Provider value={context}>
        <SignUpScreen onSignedUp={() => setSignedIn(true)} />
      </AppContext.Provider>
    );
  }
  const Screen = TABS.find((entry) => entry.key === tab)!.Screen;
  return (
    <AppContext.Provider value={context}>
      <View style={styles.header}>
        <Text style={styles.brand} accessibilityRole="header">
          {t('app.name')}
        </Text>
        <Pressable
          onPress={() => setSettingsOpen(!settingsOpen)}
          accessibilityRole="button"
          accessibilityLabel={t('header.settings')}
          accessibilityState={{ expanded: settingsOpen }}
          testID="open-settings"
          style={styles.settingsButton}
        >
          <Text style={styles.settingsText}>{t('tab.settings')}</Text>
        </Pressable>
      </View>
      <SyncIndicator status={status} />
      <View style={styles.body} key={language}>
        {settingsOpen ? <SettingsScreen onDone={() => setSettingsOpen(false)} /> : <Screen />}
      </View>
      <View style={styles.tabs} accessibilityRole="tablist">
        {TABS.map((entry) => (
          <Pressable
            key={entry.key}
            accessibilityRole="tab"
            accessibilityLabel={t(`tab.${entry.key}`)}
            accessibilityState={{ selected: entry.key === tab && !settingsOpen }}
            testID={`tab-${entry.key}`}
            onPress={() => {
              setSettingsOpen(false);
              setTab(entry.key);
            }}
            style={styles.tab}
          >
            <Text style={[styles.tabText, entry.key === tab && !settingsOpen ? styles.tabActive : null]} numberOfLines={2}>
              {t(`tab.${entry.key}`)}
            </Text>
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
  return TABS.some((entry) => entry.key === requested) ? (requested as TabKey) : 'record';
}

const styles = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
  header: { paddingHorizontal: 16, paddingTop: 12, paddingBottom: 4, flexDirection: 'row', alignItems: 'center', gap: 8 },
  brand: { color: colors.accent, fontWeight: '800', fontSize: 16, letterSpacing: 1, flexShrink: 1 },
  settingsButton: { marginLeft: 'auto', minHeight: 44, justifyContent: 'center', paddingHorizontal: 8 },
  settingsText: { color: colors.muted, fontSize: 14, fontWeight: '600' },
  body: { flex: 1 },
  tabs: { flexDirection: 'row', borderTopWidth: 1, borderTopColor: colors.border, backgroundColor: colors.card },
  tab: { flex: 1, minHeight: 48, paddingVertical: 10, paddingHorizontal: 1, alignItems: 'center', justifyContent: 'center' },
  tabText: { color: colors.muted, fontSize: 12, fontWeight: '600', textAlign: 'center' },
  tabActive: { color: colors.accent },
  failure: { color: colors.bad, padding: 24 },
});

import { useState } from 'react';
import { ScrollView, Text, TextInput, View } from 'react-native';
import { LANGUAGE_NAMES, t, type LanguageChoice, type Units } from '../../i18n';
import { Button } from '../components/Button';
import { Choice } from '../components/Choice';
import { useApp } from '../AppContext';
import { validTileTemplate } from '../map/projection';
import { colors, ui } from '../theme';

/** Language (the phone's by default), units, and the optional map tile address. */
export function SettingsScreen({ onDone }: { onDone: () => void }) {
  const { services } = useApp();
  const [tileUrl, setTileUrl] = useState(services.tileUrl);
  const [message, setMessage] = useState<string>();
  const languages: { value: LanguageChoice; label: string }[] = [
    { value: 'system', label: t('settings.language.system') },
    ...Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value: value as LanguageChoice, label })),
  ];
  const units: { value: Units; label: string }[] = [
    { value: 'metric', label: t('settings.units.metric') },
    { value: 'imperial', label: t('settings.units.imperial') },
  ];
  const saveTiles = () => {
    const template = tileUrl.trim();
    if (template !== '' && !validTileTemplate(template)) {
      setMessage(t('settings.tilesInvalid'));
      return;
    }
    services.setTileUrl(template).then(() => setMessage(t('settings.tilesSaved')), (e: unknown) => setMessage(String(e)));
  };
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="settings-screen">
      <Text style={ui.title} accessibilityRole="header">
        {t('settings.title')}
      </Text>
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]}>{t('settings.language')}</Text>
        <Choice label={t('settings.language')} options={languages} value={services.languageChoice} onChange={(choice) => void services.setLanguage(choice)} testID="settings-language" />
      </View>
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]}>{t('settings.units')}</Text>
        <Choice label={t('settings.units')} options={units} value={services.units} onChange={(choice) => void services.setLanguage(services.languageChoice, choice)} testID="settings-units" />
      </View>
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]}>{t('settings.tiles')}</Text>
        <Text style={ui.subtitle}>{t('settings.tilesHelp')}</Text>
        <TextInput
          style={ui.input}
          value={tileUrl}
          onChangeText={setTileUrl}
          autoCapitalize="none"
          autoCorrect={false}
          accessibilityLabel={t('settings.tilesLabel')}
          placeholder="https://…/{z}/{x}/{y}.png"
          placeholderTextColor={colors.muted}
          testID="settings-tiles"
        />
        {message ? (
          <Text style={{ color: colors.warn }} accessibilityLiveRegion="polite">
            {message}
          </Text>
        ) : null}
        <Button title={t('settings.tilesSave')} kind="secondary" onPress={saveTiles} testID="settings-tiles-save" />
      </View>
      <Button title={t('settings.done')} onPress={onDone} testID="settings-done" />
    </ScrollView>
  );
}

import { useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { Button } from '../components/Button';
import { useApp } from '../AppContext';
import { colors, ui } from '../theme';
import { platformName } from '../platform';
import { t } from '../../i18n';

/** First start: pick a name; the server gives back the token the app keeps. */
export function SignUpScreen({ onSignedUp }: { onSignedUp: () => void }) {
  const { services } = useApp();
  const [name, setName] = useState('');
  const [apiUrl, setApiUrl] = useState(services.apiUrl);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await services.signUp(name.trim(), apiUrl.trim());
      onSignedUp();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View style={[ui.screen, { justifyContent: 'center' }]}>
      <Text style={ui.title} accessibilityRole="header">
        {t('app.name')}
      </Text>
      <Text style={ui.subtitle}>{t('signUp.pitch')}</Text>
      <TextInput
        testID="display-name"
        style={ui.input}
        placeholder={t('signUp.name')}
        accessibilityLabel={t('signUp.name')}
        placeholderTextColor={colors.muted}
        value={name}
        onChangeText={setName}
      />
      {platformName === 'phone' ? (
        <TextInput style={ui.input} placeholder={t('signUp.server')} accessibilityLabel={t('signUp.server')} placeholderTextColor={colors.muted} autoCapitalize="none" value={apiUrl} onChangeText={setApiUrl} />
      ) : null}
      <Button testID="sign-up" title={busy ? t('signUp.creating') : t('signUp.start')} disabled={busy || name.trim() === ''} onPress={submit} />
      {error ? (
        <Text style={{ color: colors.bad }} accessibilityRole="alert">
          {error}
        </Text>
      ) : null}
    </View>
  );
}

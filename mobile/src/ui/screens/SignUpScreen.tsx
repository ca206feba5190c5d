import { useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { Button } from '../components/Button';
import { useApp } from '../AppContext';
import { colors, ui } from '../theme';
import { platformName } from '../platform';

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
      <Text style={ui.title}>Fitness Driver</Text>
      <Text style={ui.subtitle}>Every kilometre counts. Choose the name others see on leaderboards.</Text>
      <TextInput testID="display-name" style={ui.input} placeholder="Display name" placeholderTextColor={colors.muted} value={name} onChangeText={setName} />
      {platformName === 'phone' ? (
        <TextInput style={ui.input} placeholder="Server address" placeholderTextColor={colors.muted} autoCapitalize="none" value={apiUrl} onChangeText={setApiUrl} />
      ) : null}
      <Button testID="sign-up" title={busy ? 'Creating…' : 'Start'} disabled={busy || name.trim() === ''} onPress={submit} />
      {error ? <Text style={{ color: colors.bad }}>{error}</Text> : null}
    </View>
  );
}

import { Platform, Share } from 'react-native';

/** Puts text on the clipboard where the platform lets the app (the browser), or opens the share sheet (phones). */
export async function copyOrShare(text: string): Promise<'copied' | 'shared'> {
  const clipboard = (globalThis as { navigator?: { clipboard?: { writeText?: (value: string) => Promise<void> } } }).navigator?.clipboard;
  if (Platform.OS === 'web' && clipboard?.writeText) {
    await clipboard.writeText(text);
    return 'copied';
  }
  await Share.share({ message: text });
  return 'shared';
}

/** An error in words for the screen: the server's detail, or the message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

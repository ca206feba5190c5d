import { celebrates, toastFor } from '../src/ui/toastWords';

const notification = (type: string, payload: Record<string, unknown>) => ({ id: 'n1', type, occurredAt: '2026-12-01T08:00:00.000Z', payload });

describe('toast words', () => {
  it('announces a personal record with its value', () => {
    expect(toastFor(notification('pr', { record: '5k', name: '5 km', value: 1471, display: '24:31' }))).toEqual({
      key: 'n1',
      type: 'pr',
      title: 'New 5 km record',
      detail: '24:31',
    });
  });

  it('lists history imported from a file without a live toast', () => {
    expect(celebrates(notification('xp', { xp: 10, km: 3, imported: true }))).toBe(false);
    expect(celebrates(notification('xp', { xp: 10, km: 3 }))).toBe(true);
  });

  it('toasts an archive import once, when it ends, and not its progress', () => {
    const files = { total: 12, done: 12, imported: 10, merged: 1, failed: 1, skipped: 40 };
    expect(celebrates(notification('import-progress', { importId: 'i1', status: 'running', files }))).toBe(false);
    const ended = notification('import-finished', { importId: 'i1', status: 'finished', files });
    expect(celebrates(ended)).toBe(true);
    expect(toastFor(ended)).toEqual({ key: 'n1', type: 'import-finished', title: 'History imported', detail: '10 activities · 1 merged · 1 failed' });
  });

  it('still shows a type it does not know', () => {
    expect(toastFor(notification('streak', {})).title).toBe('streak');
  });
});

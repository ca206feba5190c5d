import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ApiClient } from '../src/api/ApiClient';
import type { Sample } from '../src/api/types';
import { BackendHost, repoRoot } from '../test/support/BackendHost';
import { FakeApiServer } from '../test/support/FakeApiServer';
import { WebAppServer } from './WebAppServer';

/**
 * The browser build as a person would use it, once in Russian and once in English: sign up, record a
 * (sped-up demo) run on the Record screen with its live route, see the level-up toast arrive, then look
 * at Progress and the activity's route and charts; then follow a friend (signed up and running through the HTTP API)
 * by athlete ID, give kudos to their run in the Feed, and join their live group session to watch their distance, pace
 * and heart-rate zone arrive. Screenshots: test-results/<language>-<step>.png.
 * FD_WEB_BACKEND=fake runs it against the in-repository API stand-in instead of the real backend.
 */
const DIST = join(__dirname, '..', 'dist');
const RESULTS = join(__dirname, '..', 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const useFake = process.env.FD_WEB_BACKEND === 'fake';

/** Each language the app speaks, as a browser set to it opens the app (units follow the region: both metric here). */
const LOCALES = [
  {
    language: 'ru',
    locale: 'ru-RU',
    recording: /Идёт запись/,
    finished: /Завершено/,
    levelUp: /Уровень \d+!/,
    friend: 'Друг Пётр',
    following: /^Вы подписаны$/,
    giveKudos: /^Поставить лайк, 0 лайков$/,
    tookKudos: /^Убрать лайк, 1 лайк$/,
    session: 'Вечерняя пробежка',
    zone: /^Зона [1-5]$/,
    pace: /^\d+:\d\d \/км$/,
    friendFinished: /Друг Пётр финишировал\(а\)/,
  },
  {
    language: 'en',
    locale: 'en-GB',
    recording: /Recording/,
    finished: /Finished/,
    levelUp: /Level \d+!/,
    friend: 'Friend Pat',
    following: /^Following$/,
    giveKudos: /^Give kudos, 0 kudos$/,
    tookKudos: /^Take back your kudos, 1 kudos$/,
    session: 'Evening run',
    zone: /^Zone [1-5]$/,
    pace: /^\d+:\d\d \/km$/,
    friendFinished: /Friend Pat finished/,
  },
] as const;

describe(`web app against the ${useFake ? 'in-repository API stand-in (FD_WEB_BACKEND=fake)' : 'real backend'}`, () => {
  let backendUrl: string;
  let stopBackend: () => Promise<void> = async () => undefined;
  let simulator: ChildProcess | undefined;
  let web: WebAppServer;
  let appUrl: string;
  let browser: Browser;

  // One backend for both languages: each run signs up an athlete of its own.
  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error(`No web build in ${DIST}: run \`npm run build:web\` first (npm run test:web does).`);
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    if (useFake) {
      const fake = new FakeApiServer();
      backendUrl = await fake.listen();
      stopBackend = () => fake.close();
    } else {
      const host = await BackendHost.start();
      backendUrl = host.url;
      stopBackend = () => host.stop();
      simulator = startSimulator(backendUrl);
    }
    web = new WebAppServer(DIST, backendUrl);
    appUrl = await web.listen();
    mkdirSync(RESULTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (simulator && simulator.exitCode === null) simulator.kill('SIGTERM');
    await stopBackend();
  }, 60_000);

  describe.each(LOCALES)('in $locale', ({ language, locale, recording, finished, levelUp, ...social }) => {
    let context: BrowserContext;

    beforeAll(async () => {
      // A fresh profile per language: nothing stored from the other run; the browser's language is the phone's.
      context = await browser.newContext({ locale, viewport: { width: 430, height: 900 } });
    });

    afterAll(async () => {
      await context?.close();
    });

    it('records a run on the Record screen, shows the level-up toast, then progress and the route', async () => {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // A busy machine can take long to paint a frame while the demo run replays.
      const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${language}-${name}.png`), timeout: 120_000 });

      await page.goto(`${appUrl}/?demo=1`);
      await page.getByTestId('display-name').fill(language === 'ru' ? 'Бегунья' : 'Web Runner');
      await page.getByTestId('sign-up').click();
      await page.getByTestId('record-screen').waitFor();
      expect(await page.getByTestId('tab-record').textContent()).toBe(language === 'ru' ? 'Запись' : 'Record');
      await shot('record-ready');

      await page.getByTestId('start-demo').click();
      await waitForText(page, 'record-state', recording);
      await page.waitForFunction(
        () => {
          const text = document.querySelector('[data-testid="tile-distance"]')?.textContent ?? '';
          return parseFloat(text.replace(',', '.').replace(/[^0-9.]/g, '')) >= 1.2;
        },
        undefined,
        { timeout: 60_000 },
      );
      await shot('record-live');
      // The live route (it stays on the screen once the run is finished).
      await page.getByTestId('record-route').locator('polyline').first().waitFor({ timeout: 60_000 });

      // The phone's own count shows it first (provisional); the server's award then takes its place.
      const toast = page.getByTestId('toast-level-up').first();
      await toast.waitFor({ timeout: 120_000 });
      expect(await toast.textContent()).toMatch(levelUp);
      await shot('level-up-toast');
      expect(await page.getByTestId('toast-level-up').count()).toBe(1);

      await waitForText(page, 'record-state', finished, 120_000);
      await page.getByTestId('sync-indicator').waitFor({ state: 'detached', timeout: 120_000 });
      await shot('record-finished');

      await page.getByTestId('tab-progress').click();
      await waitForText(page, 'level', /^[2-9]|\d\d/, 60_000);
      // The run moved for more than ten minutes: today is an active day.
      await waitForText(page, 'streak-current', /[1-9]/, 60_000);
      await shot('progress');

      await page.getByTestId('tab-history').click();
      await page.locator('[data-testid^="activity-"]').first().click();
      const route = page.getByTestId('activity-route');
      await route.locator('polyline').first().waitFor({ timeout: 60_000 });
      expect(await route.getAttribute('aria-label')).toMatch(language === 'ru' ? /Карта маршрута, \d+([,.]\d+)? километр/ : /Route map, \d+(\.\d+)? kilometre/);
      await page.getByTestId('chart-hr').locator('polyline').first().waitFor({ timeout: 60_000 });
      await shot('activity-detail');

      expect(pageErrors).toEqual([]);
    });

    it('follows a friend by athlete ID, gives kudos to their run in the Feed and watches their live group run', async () => {
      // The friend is another athlete, signed up and running through the HTTP API.
      const friend = new ApiClient({ baseUrl: backendUrl, timeoutMs: 120_000 });
      const friendId = (await friend.createAthlete(social.friend)).athleteId;
      const runStart = Date.now() - 20 * 60_000;
      const runId = randomUUID();
      await friend.putActivity(runId, { sport: 'run', startedAt: new Date(runStart).toISOString(), name: 'Morning run' });
      await friend.postSamples(runId, 'friend-watch', steadyRun(runStart, 600, 0));
      await friend.finishActivity(runId, new Date(runStart + 600_000).toISOString());

      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${language}-${name}.png`), timeout: 120_000 });

      // Signed in by the first test (same browser profile): straight to the Feed tab.
      await page.goto(`${appUrl}/?tab=feed`);
      await page.getByTestId('social-screen').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('tab-feed').textContent()).toBe(language === 'ru' ? 'Лента' : 'Feed');
      await waitForText(page, 'my-athlete-id', /[0-9a-f]{8}-[0-9a-f]{4}-/, 60_000);

      // Follow the friend by the ID they shared (a link holding it works too).
      await page.getByTestId('follow-id').fill(`https://fitness.example/athletes/${friendId}`);
      await page.getByTestId('follow-open').click();
      await waitForText(page, 'profile-name', new RegExp(social.friend), 60_000);
      await page.getByTestId('profile-follow').click();
      await waitForText(page, 'profile-state', social.following, 60_000);
      await waitForText(page, 'profile-followers', /^1 /, 60_000);
      await shot('profile');
      await page.getByTestId('profile-back').click();

      // The friend's finished run reaches the feed once the Social service has read it: refresh until it shows.
      const item = page.locator('[data-testid^="feed-item-"]', { has: page.getByTestId('feed-athlete').filter({ hasText: social.friend }) }).first();
      await refreshUntil(page, 'feed-refresh', item, 240_000);
      expect(await item.getByTestId('feed-text').textContent()).toMatch(language === 'ru' ? /^Бег · 2,1 км · \d+:\d\d$/ : /^Run · 2\.1 km · \d+:\d\d$/);
      const kudos = item.getByTestId('feed-kudos');
      expect(await kudos.getAttribute('aria-label')).toMatch(social.giveKudos);
      await kudos.click();
      await item.getByTestId('feed-kudos-count').filter({ hasText: /· 1$/ }).waitFor({ timeout: 60_000 });
      // Read back from the server after a reload: the kudos are stored.
      await page.reload();
      await page.getByTestId('social-screen').waitFor({ timeout: 60_000 });
      await item.getByTestId('feed-kudos-count').filter({ hasText: /· 1$/ }).waitFor({ timeout: 60_000 });
      expect(await item.getByTestId('feed-kudos').getAttribute('aria-label')).toMatch(social.tookKudos);
      // A comment.
      await item.getByTestId('feed-comments').click();
      await item.getByTestId('feed-comment-field').fill(language === 'ru' ? 'Отличный темп!' : 'Great pace!');
      await item.getByTestId('feed-comment-send').click();
      await item.getByTestId('feed-comment').filter({ hasText: language === 'ru' ? 'Отличный темп!' : 'Great pace!' }).waitFor({ timeout: 60_000 });
      await shot('feed');

      // The friend starts a live group session and a run; the app joins it by the session's ID.
      const session = await friend.createGroupSession(social.session);
      const liveId = randomUUID();
      const liveStart = Date.now();
      await friend.putActivity(liveId, { sport: 'run', startedAt: new Date(liveStart).toISOString() });
      await page.getByTestId('social-section-group').click();
      await page.getByTestId('group-join-id').fill(session.sessionId);
      await page.getByTestId('group-join').click();
      await waitForText(page, 'group-session-id', new RegExp(session.sessionId), 60_000);
      expect(await page.getByTestId('group-name').textContent()).toBe(social.session);

      // The friend's watch sends a sample a second, as it happens, until the app has shown them live.
      const live = streamSamples(friend, liveId, liveStart);
      try {
        const row = page.getByTestId(`group-member-${friendId}`);
        await row.waitFor({ timeout: 60_000 });
        await page.waitForFunction(
          (id) => {
            const text = document.querySelector(`[data-testid="group-member-${id}"] [data-testid="group-member-distance"]`)?.textContent ?? '';
            return parseFloat(text.replace(',', '.').replace(/[^0-9.]/g, '')) > 0;
          },
          friendId,
          { timeout: 180_000 },
        );
        await row.getByTestId('group-member-zone').filter({ hasText: social.zone }).waitFor({ timeout: 120_000 });
        await row.getByTestId('group-member-pace').filter({ hasText: social.pace }).waitFor({ timeout: 120_000 });
        expect(await row.getAttribute('aria-label')).toMatch(new RegExp(social.friend));
        await shot('group-live');
      } finally {
        await live.stop();
      }

      // The friend finishes: a toast says so.
      await friend.finishActivity(liveId, new Date().toISOString());
      const toast = page.getByTestId('toast-group-finished').first();
      await toast.waitFor({ timeout: 120_000 });
      expect(await toast.textContent()).toMatch(social.friendFinished);
      await shot('group-finished').catch(() => undefined);

      await page.getByTestId('group-leave').click();
      await page.getByTestId('group-start').waitFor({ timeout: 60_000 });
      expect(pageErrors).toEqual([]);
    }, 900_000);
  });
});

/** A steady run at 3.5 m/s and 150 bpm: one sample a second from `startMs`, distance counted on from `fromM`. */
function steadyRun(startMs: number, seconds: number, fromM: number): Sample[] {
  return Array.from({ length: seconds }, (_, i) => ({ t: startMs + i * 1000, distance: Math.round((fromM + i * 3.5) * 10) / 10, speed: 3.5, hr: 150 }));
}

/** Posts the seconds from `startMs` to now, again every second, until stopped: a watch streaming a run live. */
function streamSamples(api: ApiClient, activityId: string, startMs: number): { stop: () => Promise<void> } {
  let sent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const due = Math.floor((Date.now() - startMs) / 1000);
      if (due > sent) {
        const samples = steadyRun(startMs + sent * 1000, due - sent, sent * 3.5);
        await api.postSamples(activityId, 'friend-watch', samples).then(
          () => (sent = due),
          () => undefined,
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Clicks the refresh button until `target` shows (a feed built asynchronously on the server). */
async function refreshUntil(page: Page, refreshTestId: string, target: Locator, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await target.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await page.getByTestId(refreshTestId).click();
  }
}

function startSimulator(backendUrl: string): ChildProcess | undefined {
  const project = join(repoRoot, 'src', 'FitnessDriver.Cli');
  if (!existsSync(project)) {
    console.warn(`The simulator (${project}) is not there: the backend is fed only by the app's own demo run.`);
    return undefined;
  }
  const child = spawn('dotnet', ['run', '--project', project, '--', 'simulate', '--url', backendUrl, '--athletes', '3', '--duration', '30'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.warn(`The simulator exited with ${code}.`);
  });
  return child;
}

async function waitForText(page: Page, testId: string, pattern: RegExp, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ([id, source]) => new RegExp(source).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
    [testId, pattern.source] as const,
    { timeout },
  );
}

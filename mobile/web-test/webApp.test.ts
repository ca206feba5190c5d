import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BackendHost, repoRoot } from '../test/support/BackendHost';
import { FakeApiServer } from '../test/support/FakeApiServer';
import { WebAppServer } from './WebAppServer';

/**
 * The browser build as a person would use it, once in Russian and once in English: sign up, record a
 * (sped-up demo) run on the Record screen with its live route, see the level-up toast arrive, then look
 * at Progress and the activity's route and charts. Screenshots: test-results/<language>-<step>.png.
 * FD_WEB_BACKEND=fake runs it against the in-repository API stand-in instead of the real backend.
 */
const DIST = join(__dirname, '..', 'dist');
const RESULTS = join(__dirname, '..', 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const useFake = process.env.FD_WEB_BACKEND === 'fake';

/** Each language the app speaks, as a browser set to it opens the app (units follow the region: both metric here). */
const LOCALES = [
  { language: 'ru', locale: 'ru-RU', recording: /Идёт запись/, finished: /Завершено/, levelUp: /Уровень \d+!/ },
  { language: 'en', locale: 'en-GB', recording: /Recording/, finished: /Finished/, levelUp: /Level \d+!/ },
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

  describe.each(LOCALES)('in $locale', ({ language, locale, recording, finished, levelUp }) => {
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
  });
});

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

/**
 * docs/console.png: the devices page of the test fleet (two sites, one of them the lab's hostile
 * profile) in Chromium, flagged first. Run: npx tsx test/console/screenshot.ts
 */
import { fileURLToPath } from 'node:url';
import { startCluster } from '../helpers/pg-cluster.js';
import { launchChromium } from '../report/browser.js';

const cluster = await startCluster();
process.env['LANAUDIT_TEST_PG'] = cluster.url;
const { PASSWORD, USERS, seededDatabase, serveConsole } = await import('./fixture.js');
const data = await seededDatabase();
const server = await serveConsole(data.pool);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.base}/console/login`);
  await page.fill('input[name=name]', USERS.triager);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.base}/console`);
  await page.goto(`${server.base}/console/devices?sort=status`);
  await page.screenshot({ path: fileURLToPath(new URL('../../docs/console.png', import.meta.url)), fullPage: false });
} finally {
  await browser.close();
  await server.close();
  await data.drop();
  cluster.stop();
}

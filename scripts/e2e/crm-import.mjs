// The CRM pages in headless Chromium, as a back-office user sees them (scripts/e2e-crm starts
// the gateway and the crm and passes BASE_URL, CLIENT_ID, CLIENT_SECRET, OUT_DIR): log in,
// load the home page, upload a file with one bad row, read the preview and the bad rows' CSV,
// upload the fixed file, import it, watch it finish, see the new rows, upload it again (all
// unchanged), log out. Screenshots go to OUT_DIR (crm-import.png: the table after the import).
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const base = process.env.BASE_URL;
const out = process.env.OUT_DIR;
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'crm-e2e-'));

function check(condition, what) {
  if (!condition) throw new Error(`e2e: ${what}`);
  console.log(`ok - ${what}`);
}

const header = 'Nom;Prenom;Credit;Date_paiement;Montant;Compte;Email;Sexe';
const good = [
  'Eddison-18;Jean;0;2019-01-18;125;BKN1CST18;jean@ursi.fr;h',
  'Sarkozy-51;Marc;0;2019-01-08;125;BKN1CST51;marc@ursi.fr;h',
  'Eddison-53;Anne;154,63;2020-05-19;125;BKN1CST53;anne@ursi.fr;f',
];
const bad = [...good];
bad[1] = 'Sarkozy-51;Marc;0;2019-01-08;125;BKN1CST51;not-an-email;h';
const badFile = join(work, 'clients-bad.csv');
const goodFile = join(work, 'clients.csv');
writeFileSync(badFile, [header, ...bad].join('\r\n') + '\r\n');
writeFileSync(goodFile, [header, ...good].join('\r\n') + '\r\n');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  // Playwright gives the browser a fresh, empty profile of its own (no --user-data-dir here).
});
let failed = false;
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
try {
  await page.goto(`${base}/crm/`);
  check(page.url().includes('/crm/login'), 'without a session the home page sends to the login page');
  await page.getByLabel('Identifiant du client').fill(process.env.CLIENT_ID);
  await page.getByLabel('Secret').fill('wrong secret');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('alert').waitFor();
  check((await page.getByRole('alert').textContent()).includes('refusé'), 'a wrong secret is refused');
  await page.getByLabel('Identifiant du client').fill(process.env.CLIENT_ID);
  await page.getByLabel('Secret').fill(process.env.CLIENT_SECRET);
  await page.getByLabel('Secret').press('Enter');
  await page.waitForURL('**/crm/');
  check(await page.getByRole('heading', { name: 'Clients' }).isVisible(), 'logged in, the home page shows the clients table');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'session');
  check(session && session.httpOnly && session.secure && session.sameSite === 'Strict',
    'the session cookie is HTTP-only, secure and SameSite=Strict');

  await page.getByRole('main').getByRole('link', { name: 'Importer clients' }).click();
  await page.getByLabel('Fichier (JSON ou CSV)').setInputFiles(badFile);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await page.waitForURL(/\/crm\/import\/[0-9a-f]{32}$/);
  const preview = await page.getByRole('main').textContent();
  check(preview.includes('2 à créer') && preview.includes('1 en erreur'), 'the preview counts 2 to create and 1 error');
  const errors = page.getByRole('table', { name: 'Erreurs' });
  check((await errors.textContent()).includes('Email') && (await errors.textContent()).includes('doit être une adresse e-mail'),
    'the preview names the bad field and the reason');
  check(await page.getByRole('button', { name: /Importer/ }).count() === 0, 'a file with a bad row cannot be imported');
  await page.screenshot({ path: join(out, 'crm-preview.png'), fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Télécharger les lignes en erreur/ }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  check(csv.split('\r\n')[1].startsWith('2,Email: doit être une adresse e-mail,Sarkozy-51,Marc'),
    'the bad rows CSV holds the bad row, its reason and its cells');

  await page.goto(`${base}/crm/import`);
  await page.getByLabel('Fichier (JSON ou CSV)').setInputFiles(goodFile);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await page.waitForURL(/\/crm\/import\/[0-9a-f]{32}$/);
  check((await page.getByRole('main').textContent()).includes('3 à créer'), 'the fixed file previews 3 rows to create');
  await page.getByRole('button', { name: 'Importer : 3 lignes' }).click();
  await page.getByText('Import terminé').waitFor({ timeout: 60000 });
  check((await page.getByRole('status').textContent()).includes('3 créés'), 'the import says 3 created');
  await page.getByRole('link', { name: 'Voir les clients' }).click();
  await page.waitForURL('**/crm/');
  const table = await page.getByRole('table', { name: 'Clients' }).textContent();
  check(['Eddison-18', 'Sarkozy-51', 'Eddison-53', 'BKN1CST53', '154.63'].every((t) => table.includes(t)),
    'the home page shows the new rows');
  await page.screenshot({ path: join(out, 'crm-import.png'), fullPage: true });

  await page.getByRole('link', { name: /Crédit/ }).click();
  await page.getByRole('link', { name: /Crédit/ }).click();
  const first = await page.locator('tbody tr').first().textContent();
  check(first.includes('Eddison-53'), 'sorted by credit, highest first, Anne comes first');
  await page.getByLabel('Rechercher (nom, compte ou email)').fill('marc@');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  check(await page.locator('tbody tr').count() === 1, 'the search finds one client');

  await page.goto(`${base}/crm/import`);
  await page.getByLabel('Fichier (JSON ou CSV)').setInputFiles(goodFile);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await page.waitForURL(/\/crm\/import\/[0-9a-f]{32}$/);
  check((await page.getByRole('main').textContent()).includes('0 à créer, 0 à mettre à jour, 3 inchangées'),
    'the same file again changes nothing');

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL('**/crm/login');
  await page.goto(`${base}/crm/`);
  check(page.url().includes('/crm/login'), 'after logout the pages need a login again');
} catch (err) {
  failed = true;
  console.error(err);
  await page.screenshot({ path: join(out, 'crm-failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

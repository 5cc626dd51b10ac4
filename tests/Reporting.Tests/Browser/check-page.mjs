// Opens one HTML file in real headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) and
// prints as JSON what the report's browser test checks: errors on the console, requests that left
// the file (aborted, but counted), each SVG's drawn size, and axe-core's WCAG 2.1 A/AA violations.
// Usage: node check-page.mjs <file.html>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const file = process.argv[2];
if (!file) {
  console.error('usage: node check-page.mjs <file.html>');
  process.exit(2);
}
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  const consoleErrors = [];
  const outside = [];
  page.on('console', message => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', error => consoleErrors.push(String(error)));
  // Nothing may leave the machine: every request but the file itself is noted and refused.
  await page.route('**/*', route => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const svgs = await page.$$eval('svg', elements => elements.map(svg => {
    const box = svg.getBoundingClientRect();
    return { name: svg.getAttribute('aria-labelledby'), width: box.width, height: box.height, marks: svg.querySelectorAll('rect, polyline, circle, path, line').length };
  }));
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return {
      violations: result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })),
      passes: result.passes.map(p => p.id),
    };
  });
  console.log(JSON.stringify({ consoleErrors, outside, svgs, axe }));
} finally {
  await browser.close();
}

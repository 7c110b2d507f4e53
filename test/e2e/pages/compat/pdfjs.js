// pdf.js (pdfjs-dist): a module worker parses a PDF fetched by the page, the page renders it.
import * as pdfjs from '../lib/pdfjs-dist/build/pdf.mjs';
const R = __record;
pdfjs.GlobalWorkerOptions.workerSrc = '../lib/pdfjs-dist/build/pdf.worker.mjs';
R.run(async () => {
  const doc = await pdfjs.getDocument({ url: '../doc.pdf', standardFontDataUrl: '../lib/pdfjs-dist/standard_fonts/' }).promise;
  R.note('pages', doc.numPages);
  const page = await doc.getPage(1);
  R.note('text', (await page.getTextContent()).items.map((i) => i.str));
  const viewport = page.getViewport({ scale: 0.5 });
  const canvas = document.createElement('canvas');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  document.getElementById('root').append(canvas);
  await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  // A checksum of the pixels: the same PDF renders the same in the same browser.
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum = (sum * 31 + pixels[i]) >>> 0;
  R.note('rendered', [canvas.width, canvas.height, sum]);
  await R.step('missing document', () => pdfjs.getDocument('../api/status?code=404').promise.then(() => 'opened', (e) => ({ name: e.name, message: e.message, status: e.status })));
  await doc.destroy();
});

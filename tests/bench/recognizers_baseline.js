// Baseline for tests/bench/run_batch: Microsoft Recognizers-Text (npm package
// @microsoft/recognizers-text-suite, installed by run_batch into the build folder)
// recognizing numbers, currency, percentages and dimensions in the paragraphs of a
// sample of the benchmark dump, each paragraph in its language (Chinese when at
// least a third of its characters are Han, else English). The models are built
// once, before timing (the package's recognizeX() helpers rebuild them on every
// call, which would make the baseline far slower than it need be).
//
//   NODE_PATH=<build>/bench/node/node_modules node recognizers_baseline.js sample.jsonl
//
// Prints one JSON object: bytes, wall and CPU seconds per language and in total,
// and the number of entities found (so a broken install that finds nothing
// shows). CPU seconds are the fair figure on a machine shared with other work.
'use strict';
const fs = require('fs');
const { Culture } = require('@microsoft/recognizers-text-suite');
const { NumberRecognizer } = require('@microsoft/recognizers-text-number');
const { NumberWithUnitRecognizer } = require('@microsoft/recognizers-text-number-with-unit');

function models(culture) {
  const numbers = new NumberRecognizer(culture);
  const units = new NumberWithUnitRecognizer(culture);
  return [numbers.getNumberModel(), numbers.getPercentageModel(), units.getCurrencyModel(), units.getDimensionModel()];
}

const byLang = { zh: models(Culture.Chinese), en: models(Culture.English) };
const isChinese = (p) => (p.match(/[\u4e00-\u9fff]/g) || []).length * 3 >= p.length;

const paragraphs = { zh: [], en: [] };
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  let article;
  try {
    article = JSON.parse(line);
  } catch (e) {
    continue;  // the dump's bad lines
  }
  if (!article || typeof article.text !== 'string') continue;
  for (const p of article.text.split('\n')) if (p.trim()) paragraphs[isChinese(p) ? 'zh' : 'en'].push(p);
}

const result = { bytes: 0, seconds: 0, cpu_seconds: 0, entities: 0 };
for (const lang of ['zh', 'en']) {
  let bytes = 0, entities = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const p of paragraphs[lang]) {
    bytes += Buffer.byteLength(p, 'utf8');
    for (const m of byLang[lang]) entities += m.parse(p).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  result[lang] = { bytes, seconds, cpu_seconds: cpuSeconds, entities, mb_per_cpu_s: bytes / 1e6 / cpuSeconds };
  result.bytes += bytes;
  result.seconds += seconds;
  result.cpu_seconds += cpuSeconds;
  result.entities += entities;
}
result.mb_per_s = result.bytes / 1e6 / result.seconds;
result.mb_per_cpu_s = result.bytes / 1e6 / result.cpu_seconds;
console.log(JSON.stringify(result));

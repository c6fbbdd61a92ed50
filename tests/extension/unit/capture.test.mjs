// Unit tests of the extractors, text maps and highlighting on the fixture pages (jsdom).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { captureAll } from '../../../extension/src/content/capture/index.js';
import { captureGeneric, repeatedItems } from '../../../extension/src/content/capture/generic.js';
import { htmlToText } from '../../../extension/src/content/capture/jsonld.js';
import { evidenceRanges, paint } from '../../../extension/src/content/highlight.js';
import { findSpan, rangeFor, textMap } from '../../../extension/src/content/textmap.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

// Loads a fixture page into jsdom at a given address (scripts never run).
function load(name, url = `http://127.0.0.1/${name}`) {
  return new JSDOM(readFileSync(new URL(name, FIXTURES), 'utf8'), { url }).window.document;
}

// A fresh() that lets every element through once, as the content script's does.
function freshOnce() {
  const seen = new WeakSet();
  return (el) => {
    if (!el || seen.has(el)) return false;
    seen.add(el);
    return true;
  };
}

// A result with one indicator whose evidence is the first occurrence of each needle.
function resultFor(item, field, needles) {
  const text = field === 'text' ? item.text : item.title;
  const evidence = needles.map((n) => ({ field, start: text.indexOf(n), end: text.indexOf(n) + n.length }));
  evidence.forEach((ev) => assert.ok(ev.start >= 0));
  return { ok: true, level: 'high', indicators: [{ id: 'X', title: 'x', evidence }] };
}

test('JSON-LD JobPosting: @graph, @type arrays, broken scripts skipped, fields read', () => {
  const doc = load('job-lure.html');
  const [c, ...rest] = captureAll(doc, freshOnce());
  assert.equal(rest.length, 0);
  assert.equal(c.key, 'jobposting:QJ-88412');
  assert.equal(c.item.kind, 'job');
  assert.equal(c.item.title, 'Customer Service Representative (English) – Sihanoukville');
  assert.match(c.item.text, /^Free air ticket and visa! Accommodation and meals provided\.\nNo experience needed/);
  assert.doesNotMatch(c.item.text, /<|>/);
  assert.deepEqual(c.item.fields, {
    company: 'International company',
    location: 'Sihanoukville, KH',
    salary: '1500 USD / month',
    employment_type: 'FULL_TIME',
    date_posted: '2025-11-02',
  });
  assert.equal(c.root, doc.querySelector('main'));
});

test('JSON-LD at the top level as an array, salary ranges and type lists', () => {
  const [c] = captureAll(load('job-legit.html'), freshOnce());
  assert.equal(c.item.fields.salary, '29970–36483 GBP / year');
  assert.equal(c.item.fields.employment_type, 'FULL_TIME, PERMANENT');
  assert.equal(c.item.fields.location, 'Great George Street, Leeds, GB');
  assert.match(c.item.text, /Current NMC registration required\.\nAt least one year/);
});

test('description HTML becomes text in a detached document, never the live page', () => {
  const doc = load('job-legit.html');
  const before = doc.body.innerHTML;
  const text = htmlToText('<p>Hi <img src="x" onerror="globalThis.pwned = 1">there</p><script>globalThis.pwned = 2</script>', doc);
  assert.equal(text, 'Hi there');
  assert.equal(globalThis.pwned, undefined);
  assert.equal(doc.body.innerHTML, before);
});

test('JSON-LD evidence is found in the visible listing and highlighted exactly', () => {
  const doc = load('job-lure.html');
  const [c] = captureAll(doc, freshOnce());
  const needles = ['Free air ticket and visa', 'keeps your passport', 'WhatsApp only'];
  const ranges = evidenceRanges(c, resultFor(c.item, 'text', needles));
  assert.deepEqual(ranges.map(String), needles);
});

test('text map: offsets are UTF-16 code units and spans cross element boundaries', () => {
  const doc = new JSDOM('<div id="x"><p>😀 Pay <b>a fee</b> now</p><p>包吃包住 <i>轻</i>松</p></div>').window.document;
  const map = textMap(doc.getElementById('x'));
  assert.equal(map.text, '😀 Pay a fee now\n包吃包住 轻松');
  for (const seg of map.segments) assert.equal(map.text.slice(seg.start, seg.start + seg.node.data.length), seg.node.data);
  const cases = [[3, 12], [0, 2], [map.text.indexOf('包'), map.text.length]];
  for (const [s, e] of cases) assert.equal(String(rangeFor(map, s, e)), map.text.slice(s, e).replace('\n', ''));
  assert.deepEqual(findSpan(map, 'a   fee\nnow'), [7, 16]);
  assert.equal(rangeFor(map, 5, 5), null);
});

test('microdata JobPosting maps title and description to the DOM', () => {
  const doc = load('microdata.html');
  const [c] = captureAll(doc, freshOnce());
  assert.equal(c.item.title, 'Hotel cleaner – Doha');
  assert.deepEqual(c.item.fields, {
    company: 'Gulf Manpower', location: 'Doha, Qatar', salary: '1,800 QAR / month',
    employment_type: 'Full time', date_posted: '2025-09-01',
  });
  const ranges = evidenceRanges(c, resultFor(c.item, 'text', ['keeps your passport', 'Training fee 500 USD']));
  assert.deepEqual(ranges.map(String), ['keeps your passport', 'Training fee 500 USD']);
});

test('generic feed: articles, permalinks, comments with authors, handles and times', () => {
  const doc = load('feed.html');
  const caps = captureAll(doc, freshOnce());
  assert.equal(caps.length, 3);
  const [lure, library, thai] = caps;
  assert.equal(lure.key, 'http://127.0.0.1/posts/1001');
  assert.equal(lure.item.kind, 'thread');
  assert.equal(lure.item.title, 'Urgent: online chat support staff, Myawaddy');
  assert.doesNotMatch(lure.item.text, /thanks to this agent/);
  assert.match(lure.item.text, /Contact on Telegram @goldjobs_hr\./);
  assert.deepEqual(lure.item.comments[0], {
    author: 'Anna P.', handle: '@anna88123', time: '2025-11-03T08:14:00Z',
    text: 'I got my visa in 2 weeks thanks to this agent! Very good company.',
  });
  assert.equal(lure.item.comments.length, 3);
  assert.equal(library.item.kind, 'post');
  assert.equal(thai.item.title, 'แอดมินออนไลน์ ตอบแชทลูกค้า');
  const ranges = evidenceRanges(thai, resultFor(thai.item, 'text', ['包吃包住', 'ប្រាក់ខែខ្ពស់']));
  assert.deepEqual(ranges.map(String), ['包吃包住', 'ប្រាក់ខែខ្ពស់']);
});

test('each element is captured once; new feed items are picked up later', () => {
  const doc = load('feed.html');
  const fresh = freshOnce();
  assert.equal(captureAll(doc, fresh).length, 3);
  assert.equal(captureAll(doc, fresh).length, 0);
  const post = doc.createElement('article');
  post.id = 'post-2000';
  post.textContent = 'A new post arrived in the endless feed with enough words to count as a post.';
  doc.getElementById('feed').append(post);
  const later = captureAll(doc, fresh);
  assert.deepEqual(later.map((c) => c.key), ['id:post-2000']);
});

test('page without structured data: main listing without navigation and asides', () => {
  const doc = load('plain.html');
  const [c, ...rest] = captureAll(doc, freshOnce());
  assert.equal(rest.length, 0);
  assert.equal(c.key, 'page:http://127.0.0.1/plain.html');
  assert.equal(c.item.title, 'Work abroad – great opportunity for young women');
  assert.match(c.item.text, /^Hostess and model jobs abroad/);
  assert.doesNotMatch(c.item.text, /Classifieds/);
  const ranges = evidenceRanges(c, resultFor(c.item, 'text', ['modelling contract in Asia', 'full-body photo']));
  assert.deepEqual(ranges.map(String), ['modelling contract in Asia', 'full-body photo']);
});

test('feed items found by repeated structure when nothing is marked up', () => {
  const cards = Array.from({ length: 4 }, (_, i) => `<div class="card"><b>Job ${i}</b><span>Some text long enough to be a real feed card, number ${i}.</span></div>`).join('');
  const doc = new JSDOM(`<main><p>Intro paragraph that is long enough to look like content on its own.</p><div class="list">${cards}</div></main>`, { url: 'http://127.0.0.1/x' }).window.document;
  assert.equal(repeatedItems(doc.querySelector('main')).length, 4);
  assert.equal(captureGeneric(doc, freshOnce()).length, 4);
});

test('LinkedIn adapter: job view and feed post with comments', () => {
  const doc = load('linkedin-job.html', 'https://www.linkedin.com/jobs/view/3901234/');
  const [job, post] = captureAll(doc, freshOnce());
  assert.equal(job.key, 'linkedin:job:3901234');
  assert.equal(job.item.title, 'Data Encoder (Remote start, then Dubai)');
  assert.equal(job.item.fields.company, 'Reputable International Company');
  assert.equal(job.item.fields.salary, 'AED 9,000/month');
  assert.match(job.item.text, /deduct it from your salary later\.\nTransit Dubai/);
  assert.equal(post.key, 'linkedin:urn:li:activity:7120000000000000001');
  assert.equal(post.item.kind, 'thread');
  assert.equal(post.item.url, 'https://www.linkedin.com/feed/update/urn:li:activity:7120000000000000001/');
  assert.deepEqual(post.item.comments, [{ author: 'Jo Bloggs', handle: 'https://www.linkedin.com/in/jo-bloggs/', time: '1h', text: 'Interested, please DM me.' }]);
  const ranges = evidenceRanges(post, resultFor(post.item, 'text', ['Cambodia, no degree']));
  assert.deepEqual(ranges.map(String), ['Cambodia, no degree']);
});

test('Indeed adapter: job key, salary and description', () => {
  const doc = load('indeed-job.html', 'https://nl.indeed.com/viewjob?jk=a1b2c3d4e5f6');
  const [c] = captureAll(doc, freshOnce());
  assert.equal(c.key, 'indeed:a1b2c3d4e5f6');
  assert.equal(c.item.title, 'Warehouse operative');
  assert.equal(c.item.fields.company, 'Best Jobs Europe');
  assert.equal(c.item.fields.location, 'Rotterdam, Netherlands');
  assert.equal(c.item.fields.salary, '€2,800 a month - Full-time');
  assert.match(c.item.text, /^Visa processing fee of 350 EUR/);
});

test('Facebook adapter: post by permalink with its comments', () => {
  const doc = load('facebook-group.html', 'https://www.facebook.com/groups/123/');
  const caps = captureAll(doc, freshOnce());
  assert.equal(caps.length, 1);
  const [c] = caps;
  assert.equal(c.key, 'facebook:https://www.facebook.com/groups/123/posts/987654321/');
  assert.equal(c.item.fields.author, 'Lucky Star Recruitment');
  assert.match(c.item.text, /KTV hostess work in Poipet/);
  assert.deepEqual(c.item.comments.map((x) => [x.author, x.time, x.text]), [
    ['Dara K.', '4h', 'Is this a real company?'],
    ['Lin', '3h', 'Very good job, I went last month!'],
  ]);
});

test('fallback highlighting wraps the exact words in <mark> without changing the text', () => {
  const doc = load('plain.html');
  const [c] = captureAll(doc, freshOnce());
  const before = doc.body.textContent;
  const needles = ['slim and pretty', 'full-body photo', 'deduct it from your salary'];
  const painted = paint(evidenceRanges(c, resultFor(c.item, 'text', needles)), 'high');
  assert.deepEqual(painted, { method: 'mark', count: 3 });
  assert.deepEqual([...doc.querySelectorAll('mark.lurewatch-mark.lurewatch-high')].map((m) => m.textContent), needles);
  assert.equal(doc.body.textContent, before);
});

test('nested and overlapping evidence is painted once, as one mark per joined stretch', () => {
  const doc = new JSDOM('<p id="p">Contact her on WhatsApp +971 50 123 4567 today. Fee 200 USD.</p>').window.document;
  const text = doc.getElementById('p').firstChild;
  const data = text.data;
  const range = (from, to) => {
    const r = doc.createRange();
    r.setStart(text, from);
    r.setEnd(text, to);
    return r;
  };
  const phone = data.indexOf('+971');
  const ranges = [range(0, phone + 16), range(data.indexOf('WhatsApp'), phone + 16), range(phone, phone + 16),
    range(data.indexOf('Fee'), data.indexOf('USD') + 3)];
  assert.deepEqual(paint(ranges, 'high'), { method: 'mark', count: 2 });
  const marks = [...doc.querySelectorAll('mark.lurewatch-mark')];
  assert.deepEqual(marks.map((m) => m.textContent), ['Contact her on WhatsApp +971 50 123 4567', 'Fee 200 USD']);
  assert.equal(doc.querySelector('mark mark'), null);
  assert.equal(doc.getElementById('p').textContent, data);
});

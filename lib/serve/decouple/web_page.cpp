// The classroom page served by `decouple serve`: plain HTML, CSS and
// JavaScript, compiled into the binary so the server reads no file and the
// page loads nothing from the network. The script only ever inserts model
// text with textContent, never as markup.
//
// What it shows (docs/classroom.md walks a lesson through it): a time
// slider over the model's timeline steps, the scenario (full name, and how
// many actions it applies, inherited and in force), a blacklist whose
// search finds names, ids and aliases; the headline counts and per-firm
// table (both count items); the plain-word reasons of /api/explain's
// `sentences` with the technical terms on hover; the recovery plan of the
// chosen item (/api/alternatives); the "why", "what changed" and "every
// item" pictures (/api/picture, why_picture.h); the item's trajectory
// chart (/api/trajectory). A link naming what the model does not have
// resets the view and says so; a failed request clears every result, so
// no stale number stays under an error.
#include "decouple/web_api.h"

namespace decouple {

std::string_view web_page_html() {
  return R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>decouple — classroom</title>
<link rel="stylesheet" href="/app.css">
<link rel="icon" href="data:,">
<script src="/app.js" defer></script>
</head>
<body data-updates="0">
<header>
  <h1 id="model-name">decouple</h1>
  <p id="model-description" class="muted"></p>
</header>
<div class="layout">
<aside>
  <div id="time-box" hidden>
    <label for="time"><b>Time</b> <span class="muted">— step through the timeline</span></label>
    <input id="time" type="range" min="0" max="0" step="1" value="0">
    <p id="time-label" class="muted"></p>
  </div>
  <label for="scenario"><b>Scenario</b></label>
  <select id="scenario"><option value="">(none: only the blacklist)</option></select>
  <p id="scenario-name" class="scenario-name"></p>
  <p id="scenario-note" class="muted"></p>
  <div class="blacklist-head">
    <b>Blacklist</b> <span class="muted">— cut these firms off</span>
    <button id="clear" type="button">clear</button>
  </div>
  <input id="firm-filter" type="search" placeholder="find a firm (name, alias, 华为…)" autocomplete="off">
  <div id="firm-list"></div>
</aside>
<main>
  <div id="error" class="error" role="alert" hidden></div>
  <section id="summary" class="cards"></section>
  <section>
    <h2>What each firm loses</h2>
    <table id="vendors">
      <thead><tr><th>firm</th><th>country</th><th class="n" title="supply links into the firm that the law cut">links cut</th><th>can no longer make</th><th title="still made, but some supply is gone">makes with less supply</th></tr></thead>
      <tbody></tbody>
    </table>
    <p id="no-vendors" class="muted" hidden>No firm is affected. Pick a scenario or blacklist a firm.</p>
  </section>
  <section>
    <h2>Why <span id="chain-item" class="muted">— click a red or amber item above</span></h2>
    <ul id="words" class="words"></ul>
    <p id="item-actions" hidden><button id="show-recovery" type="button">How could it recover?</button></p>
    <details id="technical"><summary>The same reasons, as <code>decouple explain</code> prints them</summary>
      <ul id="chain" class="chain"></ul></details>
  </section>
  <section id="recovery-box" hidden>
    <h2>Recovery plan <span id="recovery-item" class="muted"></span></h2>
    <div id="recovery"></div>
  </section>
  <section>
    <h2>Picture
      <span class="views"><button id="view-why" type="button" title="only the chain from the law to the chosen item">why</button><button id="view-firms" type="button" title="firms hit, grouped by country">what changed</button><button id="view-whole" type="button" title="every item (small models)">every item</button></span></h2>
    <p id="picture-note" class="muted"></p>
    <div class="picture"><img id="picture" class="fit" alt="supply picture under the scenario" title="click to enlarge or fit" hidden></div>
  </section>
  <section id="trajectory-box" hidden>
    <h2>Over time <span id="trajectory-note" class="muted"></span></h2>
    <div class="picture"><img id="trajectory" class="fit" alt="trajectory chart: when items were lost and recovered"></div>
  </section>
  <!-- exercises: the exercises panel goes here (branch exercises) -->
  <section id="exercises" hidden>
    <h2>Exercises <label class="teacher-toggle muted"><input id="teacher-view" type="checkbox"> teacher's view</label></h2>
    <div id="exercise-list"></div>
  </section>
</main>
</div>
</body>
</html>
)html";
}

std::string_view web_page_css() {
  return R"css(:root { --lost:#d32f2f; --degraded:#ffb300; --ink:#263238; --muted:#607d8b; --rule:#cfd8dc; }
* { box-sizing: border-box; }
body { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
       color: var(--ink); margin: 0; }
header { padding: .6rem 1.2rem; border-bottom: 1px solid var(--rule); background: #f5f7f8; }
header h1 { margin: 0; font-size: 1.35rem; } header p { margin: .1rem 0 0; font-size: .9rem; }
#model-description { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; cursor: pointer; }
#model-description.open { display: block; }
.layout { display: grid; grid-template-columns: 17rem minmax(0, 1fr); min-height: calc(100vh - 4rem); }
aside { border-right: 1px solid var(--rule); padding: .8rem; background: #fafbfc; overflow: auto; max-height: calc(100vh - 4rem);
        position: sticky; top: 0; }
aside select, aside input[type=search], aside input[type=range] { width: 100%; margin: .3rem 0 .3rem; padding: .25rem; font: inherit; }
.scenario-name { margin: .1rem 0; font-weight: 600; overflow-wrap: anywhere; }
#scenario-note, #time-label { margin: .1rem 0 .6rem; font-size: .88rem; overflow-wrap: anywhere; }
.blacklist-head { margin-top: .6rem; display: flex; align-items: baseline; gap: .3rem; }
.blacklist-head button { margin-left: auto; }
.country { margin: .5rem 0 .1rem; font-size: .8rem; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
#firm-list label { display: block; padding: .05rem .2rem; border-radius: .2rem; cursor: pointer; }
#firm-list label:hover { background: #eceff1; } #firm-list label.on { background: #ffebee; color: var(--lost); font-weight: 600; }
main { padding: .8rem 1.2rem; min-width: 0; }
h2 { font-size: 1.05rem; border-bottom: 1px solid var(--rule); padding-bottom: .15rem; margin-top: 1.2rem; }
.muted { color: var(--muted); font-weight: normal; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; }
.card { border: 1px solid var(--rule); border-radius: .5rem; padding: .35rem .9rem; min-width: 7rem; }
.card b { display: block; font-size: 1.5rem; } .card.lost b { color: var(--lost); } .card.degraded b { color: #b37800; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eceff1; } .n { text-align: right; }
.pill { display: inline-block; border: 0; border-radius: 1rem; padding: 0 .5rem; margin: .08rem; font: inherit;
        font-size: .85rem; cursor: pointer; max-width: 100%; overflow-wrap: normal; word-break: keep-all; text-align: left; }
.pill.lost { background: var(--lost); color: white; } .pill.degraded { background: var(--degraded); color: #3e2723; }
.pill.on { outline: 3px solid var(--ink); }
.pill.banned { background: white; border: 2px solid var(--lost); color: var(--lost); cursor: default; font-weight: 600; }
ul.words { padding-left: 1.2rem; margin: .3rem 0; } ul.words li { margin: .25rem 0; }
ul.words li.verdict { list-style: none; margin-left: -1.2rem; font-weight: 600; }
ul.words li.not_essential { color: #5d4037; }
abbr { text-decoration: underline dotted; cursor: help; }
ul.chain, ul.chain ul { list-style: none; padding-left: 1.1rem; border-left: 2px solid var(--rule); margin: .2rem 0; font-size: .88rem; }
ul.chain li { margin: .12rem 0; } ul.chain li.cut { color: var(--lost); }
details summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
#recovery p { margin: .3rem 0; } #recovery ul { margin: .2rem 0; }
.picture { overflow: auto; border: 1px solid var(--rule); border-radius: .5rem; padding: .4rem; background: white; max-height: 80vh; }
.picture img.fit { max-width: 100%; height: auto; } .picture img { cursor: zoom-in; display: block; } .picture img.fit { cursor: zoom-out; }
.views { float: right; } .views button { font: inherit; font-size: .85rem; margin-left: .3rem; }
.views button.on { background: var(--ink); color: white; border-color: var(--ink); }
.views button:disabled { opacity: .45; }
.error { background: #ffebee; border: 1px solid var(--lost); color: var(--lost); padding: .4rem .7rem; border-radius: .4rem; }
body.busy main { opacity: .6; }
.exercise { border: 1px solid var(--rule); border-radius: .5rem; padding: .5rem .8rem; margin: .6rem 0; }
.exercise h3 { margin: 0 0 .3rem; font-size: 1rem; } .exercise .question { margin: .2rem 0 .5rem; }
.exercise select { font: inherit; margin: .1rem .3rem; max-width: 100%; }
.exercise .choice { display: block; } .exercise button { font: inherit; margin: .3rem .3rem 0 0; }
.verdict { margin: .4rem 0 0; padding: .3rem .6rem; border-radius: .3rem; }
.verdict.right { background: #e8f5e9; color: #1b5e20; } .verdict.wrong { background: #fff3e0; color: #8a3c00; }
.teacher { margin: .4rem 0 0; padding: .3rem .6rem; border-left: 3px solid var(--ink); background: #f5f7f8; }
.teacher-toggle { float: right; font-size: .85rem; }
)css";
}

std::string_view web_page_js() {
  return R"js('use strict';
// State of the page: a scenario, a blacklist, an item being explained, a
// picture view. The URL hash mirrors it, so a link reproduces the view.
const VIEWS = ['why', 'firms', 'whole'];
const state = { scenario: '', ban: new Set(), item: '', view: 'firms', recovery: false };
let model = null;
let updates = 0;
let linkProblem = '';
const objectUrls = {};

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function query(extra) {
  const q = new URLSearchParams();
  if (state.scenario) q.set('scenario', state.scenario);
  if (state.ban.size) q.set('ban', [...state.ban].sort().join(','));
  for (const [k, v] of Object.entries(extra || {})) if (v !== '' && v !== undefined) q.set(k, v);
  return q.toString();
}

async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message || '';
}

const firmById = new Map();
const itemById = new Map();
function firmName(id) { const f = firmById.get(id); return f ? f.name : id; }
function itemName(id) { const i = itemById.get(id); return i ? i.name : id; }
function countryName(code) { const c = model.countries[code]; return c ? c.name : code || '—'; }

// One line of the technical reason chain; the wording of `decouple explain`.
function reasonLine(r) {
  const option = r.supplier ? `${r.option} (${r.supplier})` : r.option;
  const action = r.action ? r.action.description : '';
  switch (r.kind) {
    case 'item_lost': return `${r.item} is lost`;
    case 'item_live': return `${r.item} is still made`;
    case 'item_absent': return `${r.item}: ${r.detail || 'not made at this date'}`;
    case 'maker_banned': return `its maker is banned${action ? ': ' + action : ''}`;
    case 'need_dead': return r.critical === false ? `need '${r.need}' (not critical) has no live current option`
                                                  : `need '${r.need}' has no live current option`;
    case 'need_degraded': return `need '${r.need}' lost part of its current supply`;
    case 'option_cut': return `${option}: edge cut by ${action}${r.rule_detail ? '; ' + r.rule_detail : ''}`;
    case 'option_item_lost': return `${option}: the supplied item is lost`;
    case 'option_live': return `${option}: still supplied`;
    case 'option_absent': return `${option}: ${r.detail || 'absent at this date'}`;
    default: return r.kind;
  }
}

// The reason graph as one short entry per item (a lost supplied item
// points at its entry below), so a chain thousands deep stays flat.
function chainEntries(explained) {
  const nodes = explained.reasons;
  const order = [explained.root];
  const queued = new Set(order);
  const entry = (id, top) => {
    const r = nodes[id];
    if (!top && r.kind === 'item_lost') {
      if (!queued.has(id)) { queued.add(id); order.push(id); }
      return el('li', {}, `${r.item} is lost (below)`);
    }
    const li = el('li', { class: r.kind === 'option_cut' || r.kind === 'maker_banned' ? 'cut' : '' }, reasonLine(r));
    if (r.because && r.because.length) li.append(el('ul', {}, ...r.because.map((c) => entry(c, false))));
    return li;
  };
  const out = [];
  for (let k = 0; k < order.length; ++k) out.push(entry(order[k], true));
  return out;
}

// A sentence with its technical terms underlined, meaning on hover. Text
// nodes only: the model's words never become markup.
function sentence(s) {
  const li = el('li', { class: s.kind });
  let text = s.text;
  const terms = (s.terms || []).filter((t, k, all) => all.findIndex((u) => u.word === t.word) === k);
  while (text) {
    let best = null;
    for (const t of terms) {
      const at = text.indexOf(t.word);
      if (at >= 0 && (!best || at < best.at)) best = { at, t };
    }
    if (!best) { li.append(text); break; }
    li.append(text.slice(0, best.at), el('abbr', { title: best.t.meaning }, best.t.word));
    text = text.slice(best.at + best.t.word.length);
  }
  return li;
}

function choose(id) {
  state.item = id; state.view = 'why'; state.recovery = false; update();
}

function itemPill(id, kind) {
  const b = el('button', { type: 'button', class: 'pill ' + kind + (id === state.item ? ' on' : ''),
                           'data-item': id, title: id + ' — why?' }, itemName(id));
  b.addEventListener('click', () => choose(id));
  return b;
}

function clearResults() {
  $('summary').replaceChildren();
  $('vendors').tBodies[0].replaceChildren();
  $('no-vendors').hidden = true;
  $('words').replaceChildren();
  $('chain').replaceChildren();
  $('item-actions').hidden = true;
  $('recovery-box').hidden = true;
  $('picture').hidden = true;
  $('picture').removeAttribute('src');
  $('picture-note').textContent = '';
  $('trajectory-box').hidden = true;
}

function renderImpact(impact) {
  const s = impact.summary;
  // Rows and headline count the same things: distinct items per firm.
  let degradedItems = 0;
  const rows = impact.vendors.map((v) => {
    const degraded = [...new Set(v.degraded.map((d) => d.item))].filter((i) => !v.lost.includes(i));
    degradedItems += degraded.length;
    const f = firmById.get(v.firm);
    return el('tr', { 'data-firm': v.firm },
      el('td', { title: v.firm + (f && f.aliases.length ? ' · ' + f.aliases.join(', ') : '') }, el('b', {}, v.name),
         ...(v.banned ? [' ', el('span', { class: 'pill banned' }, 'blacklisted')] : [])),
      el('td', { title: v.country }, countryName(v.country)),
      el('td', { class: 'n' }, v.cut.length),
      el('td', { id: 'lost-' + v.firm }, ...v.lost.map((i) => itemPill(i, 'lost'))),
      el('td', {}, ...degraded.map((i) => itemPill(i, 'degraded'))));
  });
  const banned = s.links_from_banned || 0;
  const cards = [['lost', s.items_lost, 'items lost', 'no longer made: a supply they cannot do without is gone'],
                 ['degraded', s.items_degraded, 'items degraded', 'still made, with some supply lost'],
                 ['', s.edges_cut, 'supply links cut', 'supply links the law closed']];
  if (banned) cards.push(['', banned, 'links from blacklisted firms', 'every supply link leaving a blacklisted firm stops']);
  cards.push(['', s.edges_restored, 'reopened by licence', 'links a licence keeps open'],
             ['', s.vendors_affected, 'firms affected', 'firms listed below']);
  $('summary').replaceChildren(...cards.map(([k, n, label, hint]) =>
    el('div', { class: 'card ' + k, 'data-count': label, title: hint }, el('b', {}, n), label)));
  if (degradedItems !== s.items_degraded) console.warn('degraded rows and headline differ');
  $('vendors').tBodies[0].replaceChildren(...rows);
  $('no-vendors').hidden = rows.length > 0;
}

async function renderWords() {
  $('item-actions').hidden = !state.item;
  if (!state.item) {
    $('chain-item').textContent = '— click a red or amber item above';
    $('words').replaceChildren();
    $('chain').replaceChildren();
    return;
  }
  const explained = await getJson('/api/explain?' + query({ item: state.item }));
  $('chain-item').textContent = `${explained.name}, made by ${explained.maker}`;
  $('chain-item').title = state.item;
  $('words').replaceChildren(...explained.sentences.map(sentence));
  $('chain').replaceChildren(...chainEntries(explained));
  $('show-recovery').hidden = !explained.lost;
}

async function renderRecovery() {
  $('recovery-box').hidden = !(state.item && state.recovery);
  if ($('recovery-box').hidden) return;
  $('recovery-item').textContent = '— ' + itemName(state.item);
  const r = await getJson('/api/alternatives?' + query({ item: state.item }));
  const nodes = r.nodes || [];
  const entry = (r.vendors || []).flatMap((v) => v.items).find((i) => i.item === state.item);
  const out = [];
  if (!entry) {
    out.push(el('p', {}, `${itemName(state.item)} is not lost here: nothing to recover.`));
  } else {
    const planId = entry.plans.length ? entry.plans[0] : entry.partial_plans.length ? entry.partial_plans[0] : null;
    if (planId === null) {
      out.push(el('p', {}, 'No alternative supplier in the model can bring it back.'));
    } else {
      const plan = nodes[planId];
      const full = plan.kind === 'plan';
      out.push(el('p', {}, el('b', {}, full ? 'It can come back' : 'It can come back only in part'),
        ` in ${plan.time} month(s), at ${Math.round(plan.capability * 100)}% of its capability.`));
      const steps = (r.edges || []).filter((e) => e.source === planId && e.kind === 'step');
      out.push(el('ul', {}, ...steps.map((e) => el('li', { title: e.option },
        `${e.need}: switch to ${nodes[e.target].name} from ${firmName(e.supplier)} (${countryName(e.country)}), ` +
        `${e.lead_time} month(s) to set up`))));
      if (plan.needs_blocked && plan.needs_blocked.length)
        out.push(el('p', {}, 'Still missing, no alternative: ' + plan.needs_blocked.join(', ') + '.'));
    }
  }
  $('recovery').replaceChildren(...out);
}

async function loadImage(img, url) {
  const response = await fetch(url);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    img.hidden = true;
    img.removeAttribute('src');
    return body.error || response.statusText;
  }
  if (objectUrls[img.id]) URL.revokeObjectURL(objectUrls[img.id]);
  objectUrls[img.id] = URL.createObjectURL(await response.blob());
  img.src = objectUrls[img.id];
  img.dataset.source = url;  // what it shows, for tests and "open in a new tab"
  img.hidden = false;
  return '';
}

async function renderPicture() {
  if (state.view === 'why' && !state.item) state.view = 'firms';
  for (const v of VIEWS) $('view-' + v).classList.toggle('on', state.view === v);
  $('view-why').disabled = !state.item;
  const params = state.view === 'why' ? { view: 'why', focus: state.item } : { view: state.view };
  const problem = await loadImage($('picture'), '/api/picture?' + query(params));
  const notes = {
    why: 'Only the chain from the law to the chosen item: left, the law; right, the item. Hover a box for its id.',
    firms: 'Each box is a firm, grouped by country; each line stands for all the links of one kind between two firms (the number says how many).',
    whole: 'Every item of the model, boxed by firm (past 250 items: what changed, item by item). Red: lost; amber: degraded; red lines: cut; dashed lines: alternatives not used today. Scroll inside the box.',
  };
  $('picture-note').textContent = problem ? 'No picture: ' + problem : notes[state.view];
}

async function renderTrajectory() {
  const item = state.item;
  $('trajectory-box').hidden = !model.timeline.length || !item;
  if ($('trajectory-box').hidden) return;
  $('trajectory-note').textContent = `— ${itemName(item)}, across the whole timeline`;
  const problem = await loadImage($('trajectory'), '/api/trajectory?' + new URLSearchParams({ item }));
  if (problem) $('trajectory-note').textContent = '— no chart: ' + problem;
}

function saveHash() {
  const q = query({ item: state.item, view: state.view === 'firms' ? '' : state.view });
  history.replaceState(null, '', q ? '#' + q : location.pathname);
}

// Reads the link; anything this model does not have resets the view and
// is said, never half-applied.
function loadHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  const problems = [];
  const scenario = q.get('scenario') || '';
  const ban = (q.get('ban') || '').split(',').filter(Boolean);
  const item = q.get('item') || '';
  const view = q.get('view') || 'firms';
  if (scenario && !model.scenarios.some((s) => s.id === scenario)) problems.push(`no scenario '${scenario}'`);
  for (const f of ban) if (!firmById.has(f)) problems.push(`no firm '${f}'`);
  if (item && itemById.size === model.items_total && !itemById.has(item)) problems.push(`no item '${item}'`);
  if (!VIEWS.includes(view)) problems.push(`no view '${view}'`);
  if (problems.length) {
    linkProblem = `This link asks for ${problems.join(', ')} in this model, so the page starts again from the first scenario.`;
    Object.assign(state, { scenario: model.scenarios.length ? model.scenarios[0].id : '', item: '', view: 'firms',
                           recovery: false });
    state.ban = new Set();
    return;
  }
  Object.assign(state, { scenario, item, view, recovery: false });
  state.ban = new Set(ban);
}

// `actions`: the applied actions of /api/impact, each saying whether it
// is in force at the evaluated date (a licence may have ended, a rule may
// start later).
function scenarioNote(s, actions) {
  if (!s) return state.ban.size ? 'Only your blacklist is applied.' : '';
  const inherited = s.applied - s.actions;
  let note = `Applies ${s.applied} action${s.applied === 1 ? '' : 's'}`;
  if (inherited > 0) note += ` (${s.actions} of its own, ${inherited} from the steps it builds on: ${s.extends.join(', ')})`;
  const own = (actions || []).filter((a) => a.scenario);
  const resting = own.filter((a) => a.in_force === false).length;
  if (s.date) note += resting ? `; on ${s.date}, ${own.length - resting} are in force and ${resting} not (not yet, or ended).`
                              : `; all in force on ${s.date}.`;
  else note += '.';
  if (state.ban.size) note += ` Plus your blacklist of ${state.ban.size} firm${state.ban.size === 1 ? '' : 's'}.`;
  return note;
}

async function update() {
  document.body.classList.add('busy');
  saveHash();
  $('scenario').value = state.scenario;
  for (const box of document.querySelectorAll('#firm-list input')) {
    box.checked = state.ban.has(box.value);
    box.parentElement.classList.toggle('on', box.checked);
  }
  const s = model.scenarios.find((x) => x.id === state.scenario);
  $('scenario-name').textContent = s ? s.name : '';
  $('scenario-name').title = s ? s.id : '';
  $('scenario-note').textContent = scenarioNote(s);
  const step = model.timeline.indexOf(state.scenario);
  if (step >= 0) $('time').value = String(step);
  $('time-label').textContent = step >= 0 ? `Step ${step + 1} of ${model.timeline.length}: ${s.date}`
                                          : 'This scenario is not a timeline step.';
  try {
    showError(linkProblem);
    const impact = await getJson('/api/impact?' + query());
    $('scenario-note').textContent = scenarioNote(s, impact.scenario.actions);
    renderImpact(impact);
    await Promise.all([renderWords(), renderPicture(), renderRecovery(), renderTrajectory()]);
  } catch (e) {
    clearResults();  // never an error above the previous numbers
    showError((linkProblem ? linkProblem + ' ' : '') + e.message);
  } finally {
    linkProblem = '';
    document.body.classList.remove('busy');
    document.body.dataset.updates = String(++updates);
  }
}

function buildControls() {
  $('model-name').textContent = model.model;
  $('model-description').textContent = model.description || '';
  $('model-description').title = 'click to read it all';
  $('model-description').addEventListener('click', () => $('model-description').classList.toggle('open'));
  document.title = model.model + ' — decouple';
  for (const f of model.firms) firmById.set(f.id, f);
  for (const i of model.items) itemById.set(i.id, i);
  for (const s of model.scenarios)
    $('scenario').append(el('option', { value: s.id, title: s.name }, (s.date ? s.date + ' · ' : '') + s.name));
  $('scenario').addEventListener('change', () => {
    state.scenario = $('scenario').value; state.item = ''; state.recovery = false;
    if (state.view === 'why') state.view = 'firms';
    update();
  });
  if (model.timeline.length) {
    $('time-box').hidden = false;
    $('time').max = String(model.timeline.length - 1);
    $('time').addEventListener('input', () => {
      const id = model.timeline[Number($('time').value)];
      const s = model.scenarios.find((x) => x.id === id);
      $('time-label').textContent = `Step ${Number($('time').value) + 1} of ${model.timeline.length}: ${s.date}`;
    });
    $('time').addEventListener('change', () => {
      state.scenario = model.timeline[Number($('time').value)];
      update();
    });
  }
  const byCountry = new Map();
  for (const f of model.firms) {
    if (!byCountry.has(f.country)) byCountry.set(f.country, []);
    byCountry.get(f.country).push(f);
  }
  const groups = [...byCountry.keys()].sort().map((country) => {
    const firms = byCountry.get(country).sort((a, b) => a.name.localeCompare(b.name));
    return el('div', { class: 'group' }, el('div', { class: 'country' }, countryName(country)),
      ...firms.map((f) => {
        const box = el('input', { type: 'checkbox', value: f.id });
        box.addEventListener('change', () => {
          if (box.checked) state.ban.add(f.id); else state.ban.delete(f.id);
          update();
        });
        const aliases = f.aliases.length ? ' · also ' + f.aliases.join(', ') : '';
        const label = el('label', { title: `${f.id}: ${f.items} item(s)${aliases}`, 'data-firm': f.id }, box, ' ', f.name);
        label.dataset.search = [f.id, f.name, ...f.aliases].join('\n').toLowerCase();
        return label;
      }));
  });
  $('firm-list').replaceChildren(...groups);
  $('firm-filter').addEventListener('input', () => {
    const needle = $('firm-filter').value.trim().toLowerCase();
    for (const label of document.querySelectorAll('#firm-list label'))
      label.hidden = Boolean(needle) && !label.dataset.search.includes(needle);
    for (const group of document.querySelectorAll('#firm-list .group'))
      group.hidden = ![...group.querySelectorAll('label')].some((l) => !l.hidden);
  });
  $('clear').addEventListener('click', () => { state.ban.clear(); update(); });
  for (const v of VIEWS) $('view-' + v).addEventListener('click', () => { state.view = v; update(); });
  $('show-recovery').addEventListener('click', () => { state.recovery = true; update(); });
  for (const id of ['picture', 'trajectory']) $(id).addEventListener('click', () => $(id).classList.toggle('fit'));
}

async function start() {
  try {
    model = await getJson('/api/model');
  } catch (e) {
    showError('Cannot load the model: ' + e.message);
    return;
  }
  buildControls();
  loadHash();
  if (!state.scenario && !state.ban.size && model.scenarios.length) state.scenario = model.scenarios[0].id;
  window.addEventListener('hashchange', () => { loadHash(); update(); });
  update();
}

start();

// Exercises (GET /api/exercises, /api/exercise): one card per exercise with
// an answer form for its kind; the server judges every answer, so the page
// holds no answers. A blacklist answer is the page's own blacklist.
function exerciseForm(ex) {
  const verdict = el('p', { class: 'verdict', 'data-verdict': ex.id, hidden: true });
  const teacher = el('p', { class: 'teacher', 'data-teacher': ex.id, hidden: true });
  const check = async (answer) => {
    try {
      const v = (await getJson('/api/exercise?' + new URLSearchParams({ id: ex.id, answer }))).verdict;
      verdict.className = 'verdict ' + (v.correct ? 'right' : 'wrong');
      verdict.dataset.correct = String(v.correct);
      verdict.replaceChildren(el('b', {}, v.correct ? '✓ ' : 'Not yet. '), v.message,
                              ...v.details.map((d) => el('span', { class: 'choice' }, d)));
    } catch (e) {
      verdict.className = 'verdict wrong';
      verdict.textContent = e.message;
    }
    verdict.hidden = false;
  };
  const controls = [];
  if (ex.kind === 'smallest-blacklist') {
    const allowed = ex.may_change.blacklist;
    controls.push(el('p', { class: 'muted' }, 'Tick firms in the blacklist on the left' +
      (allowed.length ? ` (only ${ex.choices.firms.map((f) => f.name).join(', ')} count here)` : '') +
      ', then check.'));
    const setUp = el('button', { type: 'button' }, 'set up the scenario');
    setUp.addEventListener('click', () => {
      state.scenario = ex.scenario || ''; state.ban.clear(); state.item = ex.item; state.focus = ''; update();
    });
    const go = el('button', { type: 'button', 'data-check': ex.id }, 'check my blacklist');
    go.addEventListener('click', () => check([...state.ban].sort().join(',')));
    controls.push(setUp, go);
  } else if (ex.kind === 'recovery-plan') {
    const selects = ex.choices.needs.map((n) => {
      const select = el('select', { 'data-need': n.key },
        el('option', { value: '' }, '(keep waiting / not needed)'),
        ...n.options.map((o) => el('option', { value: o.item },
          `${o.name} (${o.maker}, ${o.country}) — ${o.status}, ${o.lead_time} months`)));
      return [n.key, select, el('label', { class: 'choice' }, `${n.item_name}: ${n.need} from `, select)];
    });
    controls.push(...selects.map((s) => s[2]));
    const go = el('button', { type: 'button', 'data-check': ex.id }, 'check my plan');
    go.addEventListener('click', () =>
      check(selects.filter((s) => s[1].value).map((s) => `${s[0]}=${s[1].value}`).join(',')));
    controls.push(go);
  } else {
    const name = 'action-' + ex.id;
    controls.push(...ex.choices.actions.map((a) => el('label', { class: 'choice' },
      el('input', { type: 'radio', name, value: String(a.number) }), ` ${a.number}. ${a.text}`)));
    const go = el('button', { type: 'button', 'data-check': ex.id }, 'check my answer');
    go.addEventListener('click', () => {
      const picked = document.querySelector(`input[name="${name}"]:checked`);
      check(picked ? picked.value : '');
    });
    controls.push(go);
  }
  const card = el('div', { class: 'exercise', 'data-exercise': ex.id },
    el('h3', {}, ex.title), el('p', { class: 'question' }, ex.question), ...controls, verdict, teacher);
  card.showTeacher = async (on) => {
    teacher.hidden = !on;
    if (!on || teacher.dataset.loaded) return;
    try {
      const t = (await getJson('/api/exercise?' + new URLSearchParams({ id: ex.id, teacher: '1' }))).teacher;
      teacher.replaceChildren(el('b', {}, "Teacher's answer: "), t.answer ? el('code', {}, t.answer) : '', ' ',
                              t.message, ...t.details.map((d) => el('span', { class: 'choice' }, d)));
      teacher.dataset.loaded = '1';
    } catch (e) {
      teacher.textContent = e.message;
    }
  };
  return card;
}

async function startExercises() {
  let list;
  try {
    list = (await getJson('/api/exercises')).exercises;
  } catch (e) {
    return;  // the page works without exercises
  }
  if (!list.length) return;
  const cards = list.map(exerciseForm);
  $('exercise-list').replaceChildren(...cards);
  $('exercises').hidden = false;
  $('teacher-view').addEventListener('change', () => {
    for (const c of cards) c.showTeacher($('teacher-view').checked);
  });
  document.body.dataset.exercises = String(list.length);
}

startExercises();
)js";
}

}  // namespace decouple

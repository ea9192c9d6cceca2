// The classroom page served by `decouple serve`: plain HTML, CSS and
// JavaScript, compiled into the binary so the server reads no file and the
// page loads nothing from the network. The script only ever inserts model
// text with textContent, never as markup.
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
  <label for="scenario"><b>Scenario</b></label>
  <select id="scenario"><option value="">(none: only the blacklist)</option></select>
  <p id="scenario-note" class="muted"></p>
  <div class="blacklist-head">
    <b>Blacklist</b> <span class="muted">— cut these firms off</span>
    <button id="clear" type="button">clear</button>
  </div>
  <input id="firm-filter" type="search" placeholder="filter firms…" autocomplete="off">
  <div id="firm-list"></div>
</aside>
<main>
  <div id="error" class="error" hidden></div>
  <section id="summary" class="cards"></section>
  <section>
    <h2>What each vendor loses</h2>
    <table id="vendors">
      <thead><tr><th>firm</th><th>country</th><th class="n">cut in</th><th>lost</th><th>degraded</th></tr></thead>
      <tbody></tbody>
    </table>
    <p id="no-vendors" class="muted" hidden>No firm is affected. Pick a scenario or blacklist a firm.</p>
  </section>
  <section>
    <h2>Why <span id="chain-item" class="muted">— click a lost or degraded item</span></h2>
    <ul id="chain" class="chain"></ul>
  </section>
  <section>
    <h2>Picture
      <span class="views"><button id="view-changes" type="button">what changed</button><button id="view-whole" type="button">whole model</button></span></h2>
    <p id="picture-note" class="muted"></p>
    <div class="picture"><img id="picture" alt="supply graph under the scenario" title="click to fit or enlarge"></div>
  </section>
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
body { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "WenQuanYi Micro Hei", sans-serif;
       color: var(--ink); margin: 0; }
header { padding: .6rem 1.2rem; border-bottom: 1px solid var(--rule); background: #f5f7f8; }
header h1 { margin: 0; font-size: 1.35rem; } header p { margin: .1rem 0 0; }
.layout { display: grid; grid-template-columns: 17rem 1fr; min-height: calc(100vh - 4rem); }
aside { border-right: 1px solid var(--rule); padding: .8rem; background: #fafbfc; overflow: auto; max-height: calc(100vh - 4rem); }
aside select, aside input[type=search] { width: 100%; margin: .3rem 0 .6rem; padding: .25rem; font: inherit; }
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
        font-size: .85rem; cursor: pointer; }
.pill.lost { background: var(--lost); color: white; } .pill.degraded { background: var(--degraded); color: #3e2723; }
.pill.banned { background: white; border: 2px solid var(--lost); color: var(--lost); cursor: default; font-weight: 600; }
ul.chain, ul.chain ul { list-style: none; padding-left: 1.1rem; border-left: 2px solid var(--rule); margin: .2rem 0; }
ul.chain li { margin: .12rem 0; } ul.chain li.cut { color: var(--lost); }
.picture { overflow: auto; border: 1px solid var(--rule); border-radius: .5rem; padding: .4rem; background: white; }
.picture img.fit { max-width: 100%; } .picture img { cursor: zoom-in; } .picture img.fit { cursor: zoom-out; }
.views { float: right; } .views button { font: inherit; font-size: .85rem; margin-left: .3rem; }
.views button.on { background: var(--ink); color: white; border-color: var(--ink); }
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
// picture focus. The URL hash mirrors it, so a link reproduces the view.
const state = { scenario: '', ban: new Set(), item: '', focus: '', view: 'changes' };
let model = null;
let updates = 0;
let pictureUrl = null;

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

// One line of a reason chain; the same wording as `decouple explain`.
function reasonLine(r) {
  const option = r.supplier ? `${r.option} (${r.supplier})` : r.option;
  const action = r.action ? r.action.description : '';
  switch (r.kind) {
    case 'item_lost': return `${r.item} is lost`;
    case 'item_live': return `${r.item} is still made`;
    case 'maker_banned': return `its maker is banned${action ? ': ' + action : ''}`;
    case 'need_dead': return `need '${r.need}' has no live current option`;
    case 'need_degraded': return `need '${r.need}' lost part of its current supply`;
    case 'option_cut': return `${option}: edge cut by ${action}${r.rule_detail ? '; ' + r.rule_detail : ''}`;
    case 'option_item_lost': return `${option}: the supplied item is lost`;
    case 'option_live': return `${option}: still supplied`;
    case 'see_above': return `${r.item} is lost (explained above)`;
    default: return r.kind;
  }
}

// The reason graph of /api/explain as one short entry per item: the item
// asked about first, then each lost item it leads to, each with its own
// step (need, options). A lost supplied item points at its entry below
// instead of nesting it, so a chain thousands deep stays a flat list.
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

function itemPill(id, kind) {
  const b = el('button', { type: 'button', class: 'pill ' + kind, 'data-item': id, title: 'why?' }, id);
  b.addEventListener('click', () => { state.item = id; state.focus = id; update(); });
  return b;
}

function renderImpact(impact) {
  const s = impact.summary;
  const cards = [['lost', s.items_lost, 'items lost'], ['degraded', s.items_degraded, 'items degraded'],
                 ['', s.edges_cut, 'supply edges cut'], ['', s.edges_restored, 'restored by license'],
                 ['', s.vendors_affected, 'firms affected']];
  $('summary').replaceChildren(...cards.map(([k, n, label]) =>
    el('div', { class: 'card ' + k, 'data-count': label }, el('b', {}, n), label)));
  const rows = impact.vendors.map((v) => {
    const degraded = [...new Set(v.degraded.map((d) => d.item))];
    return el('tr', { 'data-firm': v.firm },
      el('td', {}, el('b', {}, v.name), ...(v.name !== v.firm ? [' ', el('span', { class: 'muted' }, v.firm)] : []),
         ...(v.banned ? [' ', el('span', { class: 'pill banned' }, 'banned')] : [])),
      el('td', {}, v.country),
      el('td', { class: 'n' }, v.cut.length),
      el('td', { id: 'lost-' + v.firm }, ...v.lost.map((i) => itemPill(i, 'lost'))),
      el('td', {}, ...degraded.map((i) => itemPill(i, 'degraded'))));
  });
  $('vendors').tBodies[0].replaceChildren(...rows);
  $('no-vendors').hidden = rows.length > 0;
}

async function renderChain() {
  if (!state.item) {
    $('chain-item').textContent = '— click a lost or degraded item';
    $('chain').replaceChildren();
    return;
  }
  const explained = await getJson('/api/explain?' + query({ item: state.item }));
  $('chain-item').textContent = state.item + (explained.lost ? ' is lost' : ' is still made');
  $('chain').replaceChildren(...chainEntries(explained));
}

async function renderPicture() {
  $('view-changes').classList.toggle('on', !state.focus && state.view === 'changes');
  $('view-whole').classList.toggle('on', !state.focus && state.view === 'whole');
  const params = state.focus ? { focus: state.focus, depth: 2 } : { view: state.view };
  const response = await fetch('/api/picture?' + query(params));
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    $('picture').hidden = true;
    $('picture-note').textContent = 'No picture: ' + (body.error || response.statusText);
    return;
  }
  if (pictureUrl) URL.revokeObjectURL(pictureUrl);
  pictureUrl = URL.createObjectURL(await response.blob());
  $('picture').src = pictureUrl;
  $('picture').hidden = false;
  const legend = 'Red: lost · amber: degraded · red edges: cut · dashed: alternatives not used today.';
  $('picture-note').textContent = state.focus ? `Around ${state.focus}, two supply steps each way. ${legend}`
                                              : legend;
}

function saveHash() {
  const q = query({ item: state.item, focus: state.focus, view: state.view === 'whole' ? 'whole' : '' });
  history.replaceState(null, '', q ? '#' + q : location.pathname);
}

function loadHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  state.scenario = q.get('scenario') || '';
  state.ban = new Set((q.get('ban') || '').split(',').filter(Boolean));
  state.item = q.get('item') || '';
  state.focus = q.get('focus') || '';
  state.view = q.get('view') === 'whole' ? 'whole' : 'changes';
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
  $('scenario-note').textContent = s ? `${s.actions} action(s)${s.date ? ', ' + s.date : ''}` : '';
  try {
    showError('');
    renderImpact(await getJson('/api/impact?' + query()));
    await Promise.all([renderChain(), renderPicture()]);
  } catch (e) {
    showError(e.message);
  } finally {
    document.body.classList.remove('busy');
    document.body.dataset.updates = String(++updates);
  }
}

function buildControls() {
  $('model-name').textContent = model.model;
  $('model-description').textContent = model.description || '';
  document.title = model.model + ' — decouple';
  for (const s of model.scenarios)
    $('scenario').append(el('option', { value: s.id }, s.name + (s.date ? ` (${s.date})` : '')));
  $('scenario').addEventListener('change', () => {
    state.scenario = $('scenario').value; state.item = ''; state.focus = ''; update();
  });
  const byCountry = new Map();
  for (const f of model.firms) {
    if (!byCountry.has(f.country)) byCountry.set(f.country, []);
    byCountry.get(f.country).push(f);
  }
  const groups = [...byCountry.keys()].sort().map((country) => {
    const firms = byCountry.get(country).sort((a, b) => a.name.localeCompare(b.name));
    return el('div', { class: 'group' }, el('div', { class: 'country' }, country),
      ...firms.map((f) => {
        const box = el('input', { type: 'checkbox', value: f.id });
        box.addEventListener('change', () => {
          if (box.checked) state.ban.add(f.id); else state.ban.delete(f.id);
          update();
        });
        return el('label', { title: `${f.id}: ${f.items} item(s)`, 'data-firm': f.id }, box, ' ', f.name);
      }));
  });
  $('firm-list').replaceChildren(...groups);
  $('firm-filter').addEventListener('input', () => {
    const needle = $('firm-filter').value.toLowerCase();
    for (const label of document.querySelectorAll('#firm-list label'))
      label.hidden = needle && !label.textContent.toLowerCase().includes(needle) &&
                     !label.dataset.firm.includes(needle);
  });
  $('clear').addEventListener('click', () => { state.ban.clear(); update(); });
  $('view-changes').addEventListener('click', () => { state.focus = ''; state.view = 'changes'; update(); });
  $('view-whole').addEventListener('click', () => { state.focus = ''; state.view = 'whole'; update(); });
  $('picture').addEventListener('click', () => $('picture').classList.toggle('fit'));
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

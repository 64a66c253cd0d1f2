#include "analytics/html_report.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace ss::analytics {

extern const std::string_view kEchartsJs;

namespace {

// Drawn in the browser from the embedded DATA; one function per chart.
constexpr std::string_view kPage = R"html(
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#1f3b57;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
main{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px 24px}
section{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
section.wide{grid-column:1/3}h2{font-size:16px;margin:4px 0 8px}.chart{height:340px}
.kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{background:#eef3f8;border-radius:6px;padding:8px 14px}
.kpi b{display:block;font-size:20px}table{border-collapse:collapse;font-size:12px;width:100%}
td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left}p.note{font-size:12px;color:#666;margin:4px 0}
</style>
<header><h1 id="title"></h1><div id="subtitle"></div></header>
<main>
<section class="wide"><h2>Overview</h2><div class="kpis" id="kpis"></div><div class="chart" id="daily"></div></section>
<section><h2>Funnel (users and sessions)</h2><div class="chart" id="funnel"></div><p class="note" id="funnel_note"></p></section>
<section><h2>RFM segments: customers and value</h2><div class="chart" id="rfm"></div></section>
<section class="wide"><h2>Weekly retention cohorts (share of cohort active)</h2><div class="chart" id="cohorts" style="height:420px"></div></section>
<section><h2>Activity by weekday and hour</h2><div class="chart" id="weekhour"></div></section>
<section><h2>Next action given last action (within sessions)</h2><div class="chart" id="transitions"></div></section>
<section><h2>Top items by purchases</h2><div class="chart" id="items"></div></section>
<section><h2>Categories: purchases and view-to-cart rate</h2><div class="chart" id="categories"></div></section>
<section><h2>Preference profiles of sample users (top categories)</h2><div class="chart" id="prefs"></div></section>
<section><h2>Churn rate by first-activity cohort</h2><div class="chart" id="churn"></div></section>
<section><h2>Frequently bought together</h2><div id="baskets"></div></section>
<section><h2>Anomalies</h2><div id="anomalies"></div></section>
</main>
<script>
const D = DATA;
const fmt = x => typeof x === 'number' ? (Number.isInteger(x) ? x.toLocaleString() : x.toFixed(3)) : x;
function chart(id, option) { const c = echarts.init(document.getElementById(id)); c.setOption(option); return c; }
function table(id, rows, cols) {
  const t = ['<table><tr>' + cols.map(c => '<th>' + c + '</th>').join('') + '</tr>'];
  for (const r of rows) t.push('<tr>' + cols.map(c => '<td>' + fmt(r[c]) + '</td>').join('') + '</tr>');
  document.getElementById(id).innerHTML = t.join('') + '</table>';
}
document.getElementById('title').textContent = TITLE;
const o = D.overview;
document.getElementById('subtitle').textContent = o.first_event + ' .. ' + o.last_event;
const k = [['events', o.events], ['users', o.users], ['items', o.items], ['sessions', o.sessions],
           ['events / session', o.session_events_mean], ['median session minutes', o.session_minutes_median]];
for (const [name, v] of Object.entries(o.by_type)) k.push([name, v]);
document.getElementById('kpis').innerHTML = k.map(([n, v]) => '<div class="kpi"><b>' + fmt(v) + '</b>' + n + '</div>').join('');
chart('daily', {tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 60, right: 60},
  xAxis: {type: 'category', data: o.daily.map(d => d.day)},
  yAxis: [{type: 'value', name: 'events'}, {type: 'value', name: 'users / items'}],
  series: [{name: 'events', type: 'bar', data: o.daily.map(d => d.events)},
           {name: 'active users', type: 'line', yAxisIndex: 1, data: o.daily.map(d => d.users)},
           {name: 'active items', type: 'line', yAxisIndex: 1, data: o.daily.map(d => d.items)}]});
const fu = D.funnel_user, fs = D.funnel_session;
chart('funnel', {tooltip: {trigger: 'axis'}, legend: {}, xAxis: {type: 'category', data: fu.steps},
  yAxis: {type: 'value'}, series: [
    {name: 'users', type: 'bar', data: fu.all.steps.map(s => s.reached), label: {show: true, position: 'top',
      formatter: p => (100 * fu.all.steps[p.dataIndex].from_first).toFixed(1) + '%'}},
    {name: 'sessions', type: 'bar', data: fs.all.steps.map(s => s.reached), label: {show: true, position: 'top',
      formatter: p => (100 * fs.all.steps[p.dataIndex].from_first).toFixed(1) + '%'}}]});
document.getElementById('funnel_note').textContent = 'Median time between steps (users): ' +
  fu.all.steps.slice(1).map((s, i) => fu.steps[i] + '→' + fu.steps[i + 1] + ' ' +
    (s.median_seconds_from_previous === null ? '-' : (s.median_seconds_from_previous / 60).toFixed(1) + ' min')).join(', ');
const seg = D.rfm.segments.filter(s => s.users > 0);
chart('rfm', {tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 120, right: 40},
  yAxis: {type: 'category', data: seg.map(s => s.segment)}, xAxis: [{type: 'value', name: 'share'}],
  series: [{name: 'customers', type: 'bar', data: seg.map(s => +(s.share).toFixed(4))},
           {name: 'value', type: 'bar', data: seg.map(s => +(s.value_share).toFixed(4))}]});
const co = D.cohorts.cohorts, cells = [];
co.forEach((c, i) => c.retention.forEach((r, j) => { if (j > 0) cells.push([j, i, +(r * 100).toFixed(1)]); }));
const maxWeeks = Math.max(...co.map(c => c.retention.length));
chart('cohorts', {tooltip: {formatter: p => co[p.value[1]].cohort + ' week +' + p.value[0] + ': ' + p.value[2] + '%'},
  grid: {left: 150, right: 30, bottom: 70},
  xAxis: {type: 'category', name: 'weeks later', data: [...Array(maxWeeks).keys()]},
  yAxis: {type: 'category', inverse: true, data: co.map(c => c.cohort + ' (' + c.users + ')')},
  visualMap: {min: 0, max: Math.max(1, ...cells.map(c => c[2])), calculable: true, orient: 'horizontal', left: 'center', bottom: 0},
  series: [{type: 'heatmap', data: cells, label: {show: true, fontSize: 9}}]});
const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], wh = [];
o.weekday_hour.forEach((row, d) => row.forEach((v, h) => wh.push([h, d, v])));
chart('weekhour', {tooltip: {}, grid: {left: 50, bottom: 70}, xAxis: {type: 'category', data: [...Array(24).keys()]},
  yAxis: {type: 'category', data: days}, visualMap: {min: 0, max: Math.max(...wh.map(x => x[2])), orient: 'horizontal', left: 'center', bottom: 0},
  series: [{type: 'heatmap', data: wh}]});
const tr = D.transitions, tm = [];
// Rows: the last action (never "end"); columns: the next one (never "start").
const rowIdx = tr.states.map((s, i) => i).filter(i => tr.states[i] !== 'end');
const colIdx = tr.states.map((s, i) => i).filter(i => tr.states[i] !== 'start');
rowIdx.forEach((a, r) => colIdx.forEach((b, c) => tm.push([c, r, +(tr.next_given_last[a][b] * 100).toFixed(1)])));
chart('transitions', {tooltip: {formatter: p => tr.states[rowIdx[p.value[1]]] + ' → ' + tr.states[colIdx[p.value[0]]] + ': ' + p.value[2] + '%'},
  grid: {left: 110, bottom: 110}, xAxis: {type: 'category', name: 'next', data: colIdx.map(i => tr.states[i]), axisLabel: {rotate: 40}},
  yAxis: {type: 'category', name: 'last', data: rowIdx.map(i => tr.states[i])}, visualMap: {min: 0, max: 100, orient: 'horizontal', left: 'center', bottom: 0},
  series: [{type: 'heatmap', data: tm, label: {show: true, fontSize: 9}}]});
const ti = D.items.top_items.slice().reverse();
chart('items', {tooltip: {}, grid: {left: 80}, yAxis: {type: 'category', data: ti.map(x => x.item + ' (' + x.category + ')')},
  xAxis: {type: 'value'}, series: [{type: 'bar', name: 'purchases', data: ti.map(x => x.purchases)}]});
const cats = D.items.categories.slice(0, 20);
chart('categories', {tooltip: {trigger: 'axis'}, legend: {}, grid: {bottom: 90},
  xAxis: {type: 'category', data: cats.map(c => c.category), axisLabel: {rotate: 45}},
  yAxis: [{type: 'value', name: 'purchases'}, {type: 'value', name: 'view→cart'}],
  series: [{name: 'purchases', type: 'bar', data: cats.map(c => c.purchases)},
           {name: 'view→cart', type: 'line', yAxisIndex: 1, data: cats.map(c => +c.view_to_cart.toFixed(4))}]});
const pu = D.preferences.users;
const ranks = [0, 1, 2].map(r => ({name: 'choice ' + (r + 1), type: 'bar', stack: 'p',
  label: {show: true, formatter: p => (pu[p.dataIndex].categories[r] || {}).name || ''},
  data: pu.map(u => u.categories[r] ? +u.categories[r].score.toFixed(3) : 0)}));
chart('prefs', {tooltip: {}, legend: {}, grid: {left: 70}, yAxis: {type: 'category', data: pu.map(u => u.user)},
  xAxis: {type: 'value', max: 1, name: 'affinity share'}, series: ranks});
const ch = D.churn.by_cohort.filter(c => c.users > 0);
chart('churn', {tooltip: {}, grid: {bottom: 70}, xAxis: {type: 'category', data: ch.map(c => c.name), axisLabel: {rotate: 40}},
  yAxis: {type: 'value', max: 1}, series: [{type: 'bar', data: ch.map(c => +c.rate.toFixed(3))}]});
table('baskets', D.baskets.rules.slice(0, 12), ['if', 'then', 'baskets', 'support', 'confidence', 'lift']);
table('anomalies', D.anomalies.users.slice(0, 8).concat(D.anomalies.items.slice(0, 4)), ['id', 'reason', 'value', 'threshold']);
</script>
)html";

}  // namespace

std::string render_html_report(const nlohmann::json& data, const std::string& title) {
  std::string json = data.dump();
  // "</" would end the script element early.
  std::string safe;
  safe.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') safe += "<\\/", ++i;
    else safe += json[i];
  }
  std::string out = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title>\n<script>";
  out += kEchartsJs;
  out += "</script>\n<script>const DATA = " + safe + ";\nconst TITLE = " + nlohmann::json(title).dump() +
         ";</script>\n</head><body>";
  out += kPage;
  out += "</body></html>\n";
  return out;
}

}  // namespace ss::analytics

// Events per type over time, active users, conversion and top items, for a chosen range.
import { useMemo, useState } from 'react';
import { api } from '../api.js';
import Chart from '../Chart.jsx';
import { Card, Stat, Status, day, dateTime, label, num, pct, useLoad } from '../util.jsx';

const DAY = 86400000;
const presets = [['all', 'All data'], ['90', 'Last 90 days'], ['30', 'Last 30 days'], ['7', 'Last 7 days'], ['1', 'Last day']];

function RangePicker({ range, setRange, dataRange }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const apply = (e) => {
    e.preventDefault();
    if (from && to) setRange({ preset: 'custom', from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`) + DAY });
  };
  return (
    <div className="toolbar" role="group" aria-label="Time range">
      {presets.map(([id, name]) => (
        <button key={id} type="button" className={range.preset === id ? 'on' : ''} aria-pressed={range.preset === id}
          onClick={() => setRange({ preset: id })}>{name}</button>
      ))}
      <form className="inline" onSubmit={apply}>
        <label>From <input type="date" value={from} min={dataRange && day(dataRange.from)} max={dataRange && day(dataRange.to)} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>To <input type="date" value={to} min={dataRange && day(dataRange.from)} max={dataRange && day(dataRange.to)} onChange={(e) => setTo(e.target.value)} /></label>
        <button type="submit" disabled={!from || !to}>Apply</button>
      </form>
    </div>
  );
}

export default function Overview() {
  const [range, setRange] = useState({ preset: 'all' });
  const [dataRange, setDataRange] = useState(null);
  const [logScale, setLogScale] = useState(false);  // views dwarf purchases on a linear axis
  const params = useMemo(() => {
    if (range.preset === 'custom') return { from: range.from, to: range.to };
    if (range.preset === 'all' || !dataRange) return {};
    return { from: dataRange.to - Number(range.preset) * DAY, to: dataRange.to };
  }, [range, dataRange]);
  const { data, error, loading } = useLoad(async () => {
    const d = await api.get('/v1/analytics/overview', { ...params, top: 10 });
    setDataRange(d.data_range);
    return d;
  }, [JSON.stringify(params)]);
  const fmt = data && data.bucket_ms < DAY ? dateTime : day;
  const eventsOption = useMemo(() => data && data.series && data.series.t && {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: data.series.t.map(fmt) },
    yAxis: { type: logScale ? 'log' : 'value', name: 'events', min: logScale ? 1 : undefined },
    series: Object.entries(data.series.events).map(([type, values]) => ({
      name: label(type), type: 'line', showSymbol: false, data: logScale ? values.map((v) => (v > 0 ? v : null)) : values,
    })),
  }, [data, logScale]);
  const usersOption = useMemo(() => data && data.series && data.series.t && {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: data.series.t.map(fmt) },
    yAxis: [{ type: 'value', name: 'users' }, { type: 'value', name: 'conversion', axisLabel: { formatter: (v) => pct(v, 0) } }],
    series: [
      { name: 'active users', type: 'bar', data: data.series.active_users },
      { name: 'buyers / active', type: 'line', yAxisIndex: 1, showSymbol: false, data: data.series.conversion },
    ],
  }, [data]);
  return (
    <>
      <RangePicker range={range} setRange={setRange} dataRange={dataRange} />
      <Status loading={loading && !data} error={error}>
        {data && (
          <>
            <p className="hint" aria-live="polite">
              {data.range ? `${dateTime(data.range.from)} – ${dateTime(data.range.to)} UTC` : 'No events in this range'}
              {loading ? ' (updating…)' : ''}
            </p>
            <div className="stats">
              <Stat name="Events" value={num(data.events)} />
              <Stat name="Active users" value={num(data.users)} />
              <Stat name="Buyers" value={num(data.purchasers)} />
              <Stat name="Conversion" value={pct(data.conversion)} hint="buyers / active users" />
              <Stat name="Sessions" value={num(data.sessions)} />
              <Stat name="Purchases per view" value={pct(data.purchases_per_view, 2)} />
            </div>
            {eventsOption && (
              <Card title="Events per type" actions={
                <label className="check"><input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> Log scale</label>}>
                <Chart option={eventsOption} label="Events per type over time" />
              </Card>
            )}
            <div className="grid2">
              {usersOption && <Card title="Active users and conversion"><Chart option={usersOption} height={260} label="Active users and conversion over time" /></Card>}
              <Card title="Top items">
                <table>
                  <thead><tr><th scope="col">Item</th><th scope="col" className="n">Views</th><th scope="col" className="n">Purchases</th><th scope="col" className="n">Events</th></tr></thead>
                  <tbody>
                    {data.top_items.map((it) => (
                      <tr key={it.item}>
                        <td><span className="mono">{it.item}</span> {it.title && <span className="muted">{it.title}</span>}</td>
                        <td className="n">{num(it.views)}</td><td className="n">{num(it.purchases)}</td><td className="n">{num(it.events)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            </div>
          </>
        )}
      </Status>
    </>
  );
}

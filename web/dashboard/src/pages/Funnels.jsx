// Build a funnel: ordered steps (behaviours, category:NAME or item:ID), a window, per user
// or session, and a breakdown; bars show who reached each step, with conversion and drop-off.
import { useMemo, useState } from 'react';
import { api } from '../api.js';
import Chart from '../Chart.jsx';
import { Card, Status, label, num, pct, useLoad } from '../util.jsx';

const behaviours = ['view', 'click', 'search', 'cart', 'favorite', 'purchase', 'remove_from_cart', 'return'];
const windows = [['0', 'No limit'], ['30m', '30 minutes'], ['1h', '1 hour'], ['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days']];
const breakdowns = [['none', 'None'], ['category', 'Category'], ['brand', 'Brand'], ['price_band', 'Price band'], ['segment', 'RFM segment']];

export default function Funnels() {
  const [steps, setSteps] = useState(['view', 'cart', 'purchase']);
  const [windowLen, setWindow] = useState('24h');
  const [per, setPer] = useState('user');
  const [by, setBy] = useState('none');
  const [asked, setAsked] = useState({ steps: 'view>cart>purchase', window: '24h', per: 'user', by: 'none' });
  const { data, error, loading } = useLoad(() => api.get('/v1/analytics/funnel', asked), [JSON.stringify(asked)]);
  const setStep = (i, v) => setSteps(steps.map((s, k) => (k === i ? v : s)));
  const submit = (e) => {
    e.preventDefault();
    setAsked({ steps: steps.map((s) => s.trim()).filter(Boolean).join('>'), window: windowLen, per, by });
  };
  const option = useMemo(() => data && {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: data.all.steps.map((s) => label(s.step)) },
    yAxis: { type: 'value', name: data.per === 'session' ? 'sessions' : 'users' },
    legend: { top: 0 },
    series: [{
      type: 'bar', barMaxWidth: 80, name: 'reached', stack: 'funnel',
      data: data.all.steps.map((s) => s.reached),
      label: { show: true, position: 'insideTop', color: '#fff', formatter: (p) => (p.dataIndex === 0 ? num(p.value) : `${num(p.value)} · ${pct(data.all.steps[p.dataIndex].conversion)}`) },
    }, {
      type: 'bar', barMaxWidth: 80, name: 'dropped since previous step', stack: 'funnel', itemStyle: { color: '#d9dee8' },
      data: data.all.steps.map((s, i) => (i ? data.all.steps[i - 1].reached - s.reached : 0)),
      label: { show: true, position: 'inside', color: '#5d6880', formatter: (p) => (p.value ? `−${pct(data.all.steps[p.dataIndex].drop_off)}` : '') },
    }],
  }, [data]);
  return (
    <>
      <form className="panel" onSubmit={submit} aria-label="Funnel definition">
        <fieldset>
          <legend>Steps, in order</legend>
          <ol className="steps">
            {steps.map((s, i) => (
              <li key={i}>
                <label className="sr-only" htmlFor={`step-${i}`}>Step {i + 1}</label>
                <input id={`step-${i}`} list="behaviours" value={s} onChange={(e) => setStep(i, e.target.value)} placeholder="view, category:NAME or item:ID" />
                <button type="button" aria-label={`Remove step ${i + 1}`} disabled={steps.length <= 2} onClick={() => setSteps(steps.filter((_, k) => k !== i))}>✕</button>
              </li>
            ))}
          </ol>
          <datalist id="behaviours">{behaviours.map((b) => <option key={b} value={b} />)}</datalist>
          <button type="button" disabled={steps.length >= 8} onClick={() => setSteps([...steps, 'purchase'])}>Add step</button>
        </fieldset>
        <div className="row">
          <label>Window<select value={windowLen} onChange={(e) => setWindow(e.target.value)}>{windows.map(([v, n]) => <option key={v} value={v}>{n}</option>)}</select></label>
          <label>Count per<select value={per} onChange={(e) => setPer(e.target.value)}><option value="user">user</option><option value="session">session</option></select></label>
          <label>Breakdown<select value={by} onChange={(e) => setBy(e.target.value)}>{breakdowns.map(([v, n]) => <option key={v} value={v}>{n}</option>)}</select></label>
          <button type="submit" className="primary">Build funnel</button>
        </div>
      </form>
      <Status loading={loading && !data} error={error}>
        {data && (
          <>
            <Card title={`Funnel: ${data.steps.map(label).join(' → ')}`}>
              <Chart option={option} height={300} label="Funnel bars: units reaching each step" />
              <table className="funnel-table">
                <thead><tr><th scope="col">Step</th><th scope="col" className="n">Reached</th><th scope="col" className="n">Conversion from previous</th><th scope="col" className="n">Drop-off</th><th scope="col" className="n">From first step</th><th scope="col" className="n">Median time from previous</th></tr></thead>
                <tbody>
                  {data.all.steps.map((s, i) => (
                    <tr key={i}>
                      <th scope="row">{label(s.step)}</th><td className="n">{num(s.reached)}</td>
                      <td className="n">{i ? pct(s.conversion) : '–'}</td><td className="n">{i ? pct(s.drop_off) : '–'}</td>
                      <td className="n">{pct(s.from_first)}</td>
                      <td className="n">{s.median_seconds_from_previous == null ? '–' : `${num(s.median_seconds_from_previous / 60, 1)} min`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            {data.breakdown.length > 0 && (
              <Card title={`Breakdown by ${label(asked.by)}`}>
                <table>
                  <thead><tr><th scope="col">Group</th>{data.steps.map((s, i) => <th scope="col" className="n" key={i}>{label(s)}</th>)}<th scope="col" className="n">Overall</th></tr></thead>
                  <tbody>
                    {data.breakdown.slice(0, 15).map((g) => (
                      <tr key={g.group}>
                        <th scope="row">{label(g.group)}</th>
                        {g.steps.map((s, i) => <td className="n" key={i}>{num(s.reached)}</td>)}
                        <td className="n"><span className="bar" style={{ width: `${Math.round(60 * g.steps[g.steps.length - 1].from_first)}px` }} />{pct(g.steps[g.steps.length - 1].from_first)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            )}
          </>
        )}
      </Status>
    </>
  );
}

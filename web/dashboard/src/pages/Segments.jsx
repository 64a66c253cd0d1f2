// RFM segments (sizes and value), the members of a chosen segment, churn rates and the
// churn-risk list from the server's model; every user links to the user explorer.
import { useCallback, useMemo, useState } from 'react';
import { api, enc } from '../api.js';
import Chart from '../Chart.jsx';
import { Card, Stat, Status, UserLink, label, num, pct, useLoad } from '../util.jsx';

function Members({ segment }) {
  const { data, error, loading } = useLoad(() => api.get(`/v1/analytics/segments/${enc(segment)}/users`, { limit: 20 }), [segment]);
  return (
    <Card title={`Members: ${label(segment)}`}>
      <Status loading={loading} error={error}>
        {data && (
          <>
            <p className="hint">{num(data.total)} users, most valuable first.</p>
            <table>
              <thead><tr><th scope="col">User</th><th scope="col" className="n">Days since purchase</th><th scope="col" className="n">Orders</th><th scope="col" className="n">Value</th><th scope="col" className="n">R·F·M</th></tr></thead>
              <tbody>
                {data.users.map((u) => (
                  <tr key={u.user}>
                    <td><UserLink user={u.user} /></td><td className="n">{num(u.recency_days, 1)}</td><td className="n">{num(u.frequency)}</td>
                    <td className="n">{num(u.monetary, 2)}</td><td className="n">{u.r}·{u.f}·{u.m}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Status>
    </Card>
  );
}

function Churn() {
  const [horizon, setHorizon] = useState(14);
  const { data, error, loading } = useLoad(() => api.get('/v1/analytics/churn', { horizon_days: horizon, limit: 25 }), [horizon]);
  return (
    <Card title="Churn" actions={
      <label className="inline">Inactive for
        <select value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
          {[7, 14, 30, 60].map((d) => <option key={d} value={d}>{d} days</option>)}
        </select>
      </label>}>
      <Status loading={loading && !data} error={error}>
        {data && (
          <>
            <div className="stats">
              <Stat name="Churn rate" value={pct(data.all.rate)} hint={`${num(data.all.churned)} of ${num(data.all.users)} judged users`} />
              {[...data.by_segment].sort((a, b) => b.rate - a.rate).slice(0, 4).map((g) => <Stat key={g.name} name={label(g.name)} value={pct(g.rate)} hint={`${num(g.users)} users`} />)}
            </div>
            <h3>Highest churn risk among users not yet churned <span className="muted">({data.risk_model} model, {num(data.scored_users)} recently active users scored)</span></h3>
            {data.risk_note && <p className="hint">{data.risk_note}</p>}
            <table>
              <thead><tr><th scope="col">User</th><th scope="col" className="n">Risk</th><th scope="col" className="n">Days inactive</th><th scope="col">Segment</th><th scope="col">Why</th></tr></thead>
              <tbody>
                {data.risk.map((r) => (
                  <tr key={r.user}>
                    <td><UserLink user={r.user} /></td>
                    <td className="n"><span className="bar risk" style={{ width: `${Math.round(50 * r.probability)}px` }} />{pct(r.probability, 0)}</td>
                    <td className="n">{num(r.days_inactive, 1)}</td><td>{r.segment ? label(r.segment) : '–'}</td>
                    <td className="muted">{Object.keys(r.reasons || {}).map(label).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Status>
    </Card>
  );
}

export default function Segments() {
  const { data, error, loading } = useLoad(() => api.get('/v1/analytics/rfm'), []);
  const [chosen, setChosen] = useState(null);
  const segments = data ? data.segments.filter((s) => s.users > 0) : [];
  const option = useMemo(() => data && {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 130, right: 30, top: 30, bottom: 20 },
    yAxis: { type: 'category', inverse: true, data: segments.map((s) => label(s.segment)) },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => pct(v, 0) } },
    series: [
      { name: 'share of buyers', type: 'bar', data: segments.map((s) => s.user_share) },
      { name: `share of ${data.monetary}`, type: 'bar', data: segments.map((s) => s.value_share) },
    ],
  }, [data]);
  const onClick = useCallback((p) => segments[p.dataIndex] && setChosen(segments[p.dataIndex].segment), [data]);
  return (
    <Status loading={loading} error={error}>
      {data && (
        <>
          <div className="grid2">
            <Card title="RFM segments">
              <p className="hint">{num(data.purchasers)} buyers of {num(data.users)} users, as of {data.as_of}. Click a bar or a row for its members.</p>
              <Chart option={option} height={320} label="Segment sizes and value" onClick={onClick} />
            </Card>
            <Card title="Segment table">
              <table>
                <thead><tr><th scope="col">Segment</th><th scope="col" className="n">Users</th><th scope="col" className="n">Value</th><th scope="col" className="n">Avg days since</th><th scope="col" className="n">Avg orders</th></tr></thead>
                <tbody>
                  {segments.map((s) => (
                    <tr key={s.segment} className={chosen === s.segment ? 'selected' : ''}>
                      <th scope="row"><button type="button" className="link" onClick={() => setChosen(s.segment)}>{label(s.segment)}</button></th>
                      <td className="n">{num(s.users)}</td><td className="n">{num(s.value, 0)}</td>
                      <td className="n">{num(s.mean_recency_days, 1)}</td><td className="n">{num(s.mean_frequency, 1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          </div>
          {chosen && <Members segment={chosen} />}
          <Churn />
        </>
      )}
    </Status>
  );
}

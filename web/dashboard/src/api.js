// The dashboard's only way to the server: same-origin fetches to /v1/..., with the keys the
// user typed (kept in sessionStorage, never sent anywhere else).
const store = window.sessionStorage;

export const keys = {
  get read() { return store.getItem('ss.readKey') || ''; },
  get admin() { return store.getItem('ss.adminKey') || ''; },
  set(read, admin) { store.setItem('ss.readKey', read); store.setItem('ss.adminKey', admin); },
};

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function request(method, path, { body, admin = false } = {}) {
  const key = admin ? keys.admin : keys.read || keys.admin;
  const headers = {};
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : {}; } catch { data = { error: text }; }
  if (!res.ok) throw new ApiError(res.status, data.error || `HTTP ${res.status}`);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: (path, params = {}) => request('GET', path + query(params)),
  adminGet: (path) => request('GET', path, { admin: true }),
  adminSend: (method, path, body) => request(method, path, { body, admin: true }),
};

export const enc = encodeURIComponent;

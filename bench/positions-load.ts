/**
 * The load generator of bench/positions.ts, on its own thread (workers inherit `--import tsx`):
 * plain node:http over keep-alive connections, open-loop at the target rate.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { openLoop } from './measure.ts';

// `rate` is requests a second; each carries `batch` fixes (1: the single-fix route).
const { origin, token, bases, pass, rate, seconds, units, inflight, batch = 1 } = workerData as {
  origin: string; token: string; bases: [number, number][]; pass: number; rate: number; seconds: number; units: number; inflight: number; batch?: number;
};
const fixRate = rate * batch;
const { hostname, port } = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: inflight });
// Fix times start after the seeded fixes (a minute old) and advance per pass, so nothing is a duplicate.
const wall0 = Date.now() - 30_000 + pass * 1000;

/** Fix number j: unit j mod units, ~11 m north per lap of the fleet (one lap is 5 s at the target). */
function fixOf(j: number) {
  const u = j % units;
  const [lat, lon] = bases[u]!;
  return { unitId: `bench-${u}`, lat: lat + Math.floor(j / units) * 1e-4, lon, accuracy: 10, heading: 0, speed: 2.2, at: new Date(wall0 + (j * 1000) / fixRate + pass).toISOString() };
}

function post(i: number): Promise<string> {
  let path: string;
  let body: string;
  if (batch === 1) {
    const { unitId, ...fix } = fixOf(i);
    path = `/api/units/${unitId}/positions`;
    body = JSON.stringify(fix);
  } else {
    path = '/api/positions';
    body = JSON.stringify(Array.from({ length: batch }, (_, k) => fixOf(i * batch + k)));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: hostname, port, method: 'POST', path, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 0) >= 500 || res.statusCode === 401 ? reject(new Error(`HTTP ${res.statusCode}`)) : resolve(String(res.statusCode))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const total = rate * seconds;
let failure: unknown = null;
const run = await openLoop(total, rate, inflight, post).catch((err: unknown) => {
  failure = err;
  return null;
});
agent.destroy();
parentPort!.postMessage(failure ? { error: String(failure) } : run);

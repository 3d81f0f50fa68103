/**
 * The HTTP load generator of the position benchmarks, on its own thread (workers inherit
 * `--import tsx`): plain node:http over keep-alive connections, open-loop at the target rate.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { openLoop } from './measure.ts';
import { fixOf, wall0Of } from './position-fixes.ts';

// `rate` is requests a second; each carries `batch` fixes (1: the single-fix route).
const { origin, tokens, bases, anchor, pass, rate, seconds, units, inflight, batch = 1 } = workerData as {
  origin: string; tokens: string[]; bases: [number, number][]; anchor: number; pass: number; rate: number; seconds: number; units: number; inflight: number; batch?: number;
};
const plan = { bases, anchor, wall0: wall0Of(pass), fixRate: rate * batch };
const { hostname, port } = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: inflight });

function post(i: number): Promise<string> {
  let path: string;
  let body: string;
  // Unit j mod units sends fix j, with the token of its device.
  const unit = (i * batch) % units;
  if (batch === 1) {
    const { unitId, ...fix } = fixOf(plan, unit, i);
    path = `/api/units/${unitId}/positions`;
    body = JSON.stringify(fix);
  } else {
    path = '/api/positions';
    body = JSON.stringify(Array.from({ length: batch }, (_, k) => fixOf(plan, (i * batch + k) % units, i * batch + k)));
  }
  const token = tokens[unit % tokens.length]!;
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

let failure: unknown = null;
// Stops offering a second after the scheduled end (bench/positions-fleet.ts, stopAfter).
const run = await openLoop(rate * seconds, rate, inflight, post, seconds * 1000 + 1000).catch((err: unknown) => {
  failure = err;
  return null;
});
agent.destroy();
parentPort!.postMessage(failure ? { error: String(failure) } : run);

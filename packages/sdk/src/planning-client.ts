import { ApiError } from './errors.ts';
import { PlanningScenario, PlanningStreamLine, type PlanningRun, type PlanningRunQuery } from '@continuum/contracts';
import type { z } from 'zod';
import type { Transport } from './transport.ts';

type Opts = { signal?: AbortSignal };
type Query = Omit<PlanningRunQuery, 'format'>;

/** Planning (issue 13 §3-4): the region's scenario, and runs of it with the planner's changes. */
export interface PlanningClient {
  planningScenario(options?: Opts): Promise<PlanningScenario>;
  /** Runs the baseline and the changed scenario; progress as it comes, then the result. */
  planningRun(query: Query, onProgress: (stage: 'baseline' | 'changed', done: number) => void, options?: Opts): Promise<PlanningRun>;
  /** The same run as a download (JSON or CSV); the browser sends the session cookie. */
  planningRunUrl(query: Query & { format: 'json' | 'csv' }): string;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;

const defined = (q: object) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

export function planningMethods(http: Transport, using: Parse): PlanningClient {
  return {
    planningScenario: (opts = {}) => http.request({ method: 'GET', path: '/api/planning/scenario', parse: using(PlanningScenario), ...(opts.signal ? { signal: opts.signal } : {}) }),
    planningRun: async (query, onProgress, opts = {}) => {
      let run: PlanningRun | null = null;
      let failure: ApiError | null = null;
      await http.lines('/api/planning/run', defined(query), (json) => {
        const line = using(PlanningStreamLine)(json);
        if (line.type === 'progress') onProgress(line.stage, line.done);
        else if (line.type === 'result') run = line.run;
        else failure = new ApiError({ status: 200, code: line.error.code, message: line.error.message, ...(line.error.issues ? { issues: line.error.issues } : {}) });
      }, opts.signal);
      if (failure) throw failure;
      if (!run) throw new ApiError({ status: 200, code: 'invalid_response', message: 'The simulation ended without its result' });
      return run;
    },
    planningRunUrl: (query) => http.url('/api/planning/run', defined(query)),
  };
}

import type { z } from 'zod';
import { RefresherList, TrainingRecordList, TrainingRecordRequest, TrainingRecordView } from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

interface Opts {
  signal?: AbortSignal;
}

export type TrainingRecordInput = z.input<typeof TrainingRecordRequest>;

/** CIT and training records (issue 12 §6): supervisors and administrators. */
export interface TrainingClient {
  trainingRecords(options?: Opts): Promise<TrainingRecordList>;
  refreshersDue(options?: Opts): Promise<RefresherList>;
  recordTraining(body: TrainingRecordInput, options?: { idempotencyKey?: string }): Promise<TrainingRecordView>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

export function trainingMethods(http: Transport, write: Write, using: Parse): TrainingClient {
  return {
    trainingRecords: (opts = {}) => http.request({ method: 'GET', path: '/api/training-records', parse: using(TrainingRecordList), ...(opts.signal ? { signal: opts.signal } : {}) }),
    refreshersDue: (opts = {}) => http.request({ method: 'GET', path: '/api/training-records/refreshers', parse: using(RefresherList), ...(opts.signal ? { signal: opts.signal } : {}) }),
    recordTraining: (body, opts = {}) =>
      write(() => http.request({ method: 'POST', path: '/api/training-records', body, idempotencyKey: opts.idempotencyKey ?? newIdempotencyKey(), parse: using(TrainingRecordView) })),
  };
}

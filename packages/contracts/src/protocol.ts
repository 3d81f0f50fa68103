import {
  CALL_HANDLING_VENDORS,
  FACTOR_CATEGORIES,
  FACTOR_SCOPES,
  lintProtocol,
  PROTOCOL_NUMBERING,
  PROTOCOL_STATUSES,
  RESPONDERS,
  RESPONSE_TYPES,
  SAFETY_FLAG_KINDS,
  type Protocol,
  type ProtocolCase,
} from '@continuum/domain';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';

/**
 * The protocol file format (protocols/README.md): YAML or JSON, strict, so that a misspelt key
 * is refused rather than silently ignored. Shape only; cross-references and the question flow
 * are checked by `lintProtocol` in the domain, and `loadProtocol` runs both.
 */

/** Protocol files are small; anything larger is a mistake or an attack on the parser. */
export const MAX_PROTOCOL_FILE_BYTES = 1_000_000;

const id = z.string().max(100).regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" and "-"');
// Generous bounds: wording is read aloud, so a longer text is a mistake.
const text = z.string().trim().min(1, 'must not be empty').max(2000);
const level = z.literal([1, 2, 3, 4], { error: 'a level is 1, 2, 3 or 4 (1 is the lowest risk)' });
const responders = z.array(z.enum(RESPONDERS)).min(1);
const minutes = z.record(z.string(), z.number().int().positive());

const alternative = z.strictObject({
  responseType: z.enum(RESPONSE_TYPES),
  responders,
  note: text.optional(),
});

const plan = <L extends z.ZodType<1 | 2 | 3 | 4>>(levelSchema: L) =>
  z.strictObject({
    level: levelSchema,
    responseType: z.enum(RESPONSE_TYPES),
    responders,
    maxResponseMinutes: minutes.optional(),
    withoutPolice: alternative.optional(),
    whenCrisisTeamUnavailable: alternative.optional(),
    note: text.optional(),
  });

const factor = z.strictObject({
  id,
  wording: text,
  help: text,
  level,
  category: z.enum(FACTOR_CATEGORIES).default('risk'),
  scope: z.enum(FACTOR_SCOPES).default('statewide'),
  regions: z.array(id).min(1).optional(),
  justifies: z.array(z.enum(['suspected_crime', 'threat_of_physical_injury'])).default([]),
  guidance: z
    .strictObject({ safety: z.array(text).default([]), preArrival: z.array(text).default([]) })
    .default({ safety: [], preArrival: [] }),
  // Issue 12 §2-3: who a factor adds, the response types it turns into others, the response it calls for.
  adds: z.array(z.enum(RESPONDERS)).min(1).optional(),
  upgrades: z.partialRecord(z.enum(RESPONSE_TYPES), z.enum(RESPONSE_TYPES)).optional(),
  response: alternative.optional(),
  source: text.optional(),
});

const question = z.strictObject({
  id,
  text,
  help: z.string().trim().default(''),
  when: z
    .array(
      z.strictObject({
        question: id,
        answers: z.array(id).min(1).optional(),
        notAnswers: z.array(id).min(1).optional(),
      }),
    )
    .min(1)
    .optional(),
  skipTo: id.optional(),
  multiple: z.boolean().optional(),
  answers: z
    .array(
      z.strictObject({
        key: id,
        label: text,
        factors: z.array(id).default([]),
        emergent: z.boolean().default(false),
        unknown: z.boolean().optional(),
        next: id,
      }),
    )
    .min(1),
});

export const ProtocolDocument = z.strictObject({
  id,
  version: z.string().regex(/^\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$/, 'a version looks like 2025.09.0 or 1.2.0-draft.1'),
  title: text,
  status: z.enum(PROTOCOL_STATUSES),
  reconstructionNote: text.optional(),
  unknownAnswers: z.literal('every_question').optional(),
  numbering: z.literal(PROTOCOL_NUMBERING, { error: `numbering must be "${PROTOCOL_NUMBERING}": level 1 is the lowest risk` }),
  levels: z.array(z.strictObject({ level, name: text, description: text })).min(1),
  emergencyTypes: z.array(id).default([]),
  factors: z.array(factor).min(1),
  questions: z.array(question).min(1),
  plans: z.array(plan(level)).min(1),
  // Schema-enforced: a RAC sets levels 2 and 3 only; levels 1 and 4 are the same statewide.
  regionalOverrides: z
    .record(
      id,
      z.strictObject({
        name: text,
        plans: z
          .array(plan(z.literal([2, 3], { error: 'a regional override sets levels 2 and 3 only; levels 1 and 4 are statewide' })))
          .min(1),
        /** A clinician with police at level 4, where the region wants one (issue 12 §3). */
        level4WithPolice: alternative.optional(),
      }),
    )
    .default({}),
  safetyFlagFactors: z.partialRecord(z.enum(SAFETY_FLAG_KINDS), id).optional(),
  vendorCodes: z
    .array(
      z.strictObject({
        vendor: z.enum(CALL_HANDLING_VENDORS),
        code: text,
        level,
        description: text.optional(),
        illustrative: z.boolean().default(false),
      }),
    )
    .default([]),
});

export type ProtocolDocument = z.output<typeof ProtocolDocument>;

const protocolCase = z.strictObject({
  name: text,
  regionId: id.optional(),
  crisisTeamUnavailable: text.optional(),
  // One key, or several joined by "+" where the question takes several (issue 12 §1).
  answers: z.array(z.tuple([id, z.string().regex(/^[a-z0-9][a-z0-9_-]*(\+[a-z0-9][a-z0-9_-]*)*$/, 'an answer key, or several joined by "+"')])),
  expect: z.strictObject({
    level,
    responseType: z.enum(RESPONSE_TYPES),
    emergent: z.boolean().optional(),
    policeRecommended: z.boolean().optional(),
    decidingFactors: z.array(id).optional(),
    maxResponseMinutes: z.number().int().positive().nullable().optional(),
    provisional: z.boolean().optional(),
    factorsChosen: z.array(id).optional(),
    justifications: z.array(z.enum(['suspected_crime', 'threat_of_physical_injury', 'crisis_team_unavailable_within_regional_maximum'])).optional(),
  }),
});

export const ProtocolCasesDocument = z.strictObject({
  /** The `id@version` the cases were written for. */
  protocol: z.string().min(1),
  cases: z.array(protocolCase).min(1),
});
export type ProtocolCasesDocument = z.output<typeof ProtocolCasesDocument>;

/** A problem found in a protocol or cases file: which file, where in it, and what is wrong. */
export interface ProtocolFileProblem {
  file: string;
  /** Dotted path into the document, e.g. `questions.2.answers.0.next`; empty for the file as a whole. */
  path: string;
  message: string;
  /** 1-based line in the file, where it could be found. */
  line?: number;
}

export type ParsedFile<T> = { ok: true; value: T } | { ok: false; problems: ProtocolFileProblem[] };

export interface ProtocolCasesFile {
  protocol: string;
  cases: ProtocolCase[];
}

// The compile-time check that the schema and the domain agree: this only type-checks while the
// schema's output is assignable to the domain's types.
const asProtocol = (value: ProtocolDocument): Protocol => value;
const asCasesFile = (value: ProtocolCasesDocument): ProtocolCasesFile => value;

/** Parses a YAML or JSON protocol file, returning the protocol or every schema problem. */
export function parseProtocol(text: string, fileName: string): ParsedFile<Protocol> {
  const parsed = parseWith(ProtocolDocument, text, fileName);
  return parsed.ok ? { ok: true, value: asProtocol(parsed.value) } : parsed;
}

/** Parses a YAML or JSON file of protocol test cases, returning them or every schema problem. */
export function parseProtocolCases(text: string, fileName: string): ParsedFile<ProtocolCasesFile> {
  const parsed = parseWith(ProtocolCasesDocument, text, fileName);
  return parsed.ok ? { ok: true, value: asCasesFile(parsed.value) } : parsed;
}

/** Parses and lints a protocol file: a protocol is accepted only with no problem at all. */
export function loadProtocol(text: string, fileName: string): ParsedFile<Protocol> {
  const parsed = parseProtocol(text, fileName);
  if (!parsed.ok) return parsed;
  const problems = lintProtocol(parsed.value);
  if (problems.length === 0) return parsed;
  const doc = readDocument(text);
  return {
    ok: false,
    problems: problems.map((p) => withLine(doc, { file: fileName, path: p.path, message: p.message })),
  };
}

function parseWith<S extends z.ZodType>(schema: S, text: string, fileName: string): ParsedFile<z.output<S>> {
  if (text.length > MAX_PROTOCOL_FILE_BYTES) {
    return { ok: false, problems: [{ file: fileName, path: '', message: `the file is larger than ${MAX_PROTOCOL_FILE_BYTES} bytes` }] };
  }
  // YAML 1.2 is a superset of JSON, so one parser reads both and gives line numbers for both.
  const doc = readDocument(text);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file: fileName,
        path: '',
        message: e.message.split('\n')[0] ?? e.message,
        ...(e.linePos ? { line: e.linePos[0].line } : {}),
      })),
    };
  }
  const result = schema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => problemsOf(doc, fileName, issue)) };
}

function problemsOf(doc: Document, file: string, issue: z.core.$ZodIssue): ProtocolFileProblem[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    // One problem per key, each pointing at the key itself.
    return issue.keys.map((key) => withLine(doc, { file, path: [...path, key].join('.'), message: `unknown key "${key}"` }));
  }
  return [withLine(doc, { file, path: path.join('.'), message: issue.message })];
}

const lineCounters = new WeakMap<Document, LineCounter>();

function readDocument(text: string): Document {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  lineCounters.set(doc, lineCounter);
  return doc;
}

/** The line of a dotted path: that of the deepest node on it that exists (a missing key points at its parent). */
export function lineOfPath(doc: Document, lineCounter: LineCounter, path: string): number | undefined {
  const keys = path === '' ? [] : path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}

function withLine(doc: Document, problem: ProtocolFileProblem): ProtocolFileProblem {
  const lineCounter = lineCounters.get(doc);
  const line = lineCounter ? lineOfPath(doc, lineCounter, problem.path) : undefined;
  return line === undefined ? problem : { ...problem, line };
}

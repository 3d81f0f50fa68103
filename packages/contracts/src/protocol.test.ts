import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lintProtocol, protocolVersionOf, runProtocolCases, type Protocol } from '@continuum/domain';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { loadProtocol, parseProtocol, parseProtocolCases, type ProtocolCasesFile } from './protocol.ts';

const dir = fileURLToPath(new URL('../../../protocols/il-irlm/', import.meta.url));
const PROTOCOL_FILE = 'il-irlm-2025.09.yaml';
const protocolText = readFileSync(`${dir}${PROTOCOL_FILE}`, 'utf8');
const casesText = readFileSync(`${dir}cases.yaml`, 'utf8');

function shipped(): { protocol: Protocol; cases: ProtocolCasesFile } {
  const protocol = parseProtocol(protocolText, PROTOCOL_FILE);
  const cases = parseProtocolCases(casesText, 'cases.yaml');
  if (!protocol.ok) throw new Error(JSON.stringify(protocol.problems, null, 2));
  if (!cases.ok) throw new Error(JSON.stringify(cases.problems, null, 2));
  return { protocol: protocol.value, cases: cases.value };
}

describe('the shipped Illinois IRLM', () => {
  const { protocol, cases } = shipped();

  it('passes the schema and the lint with no problem', () => {
    expect(lintProtocol(protocol)).toEqual([]);
    expect(loadProtocol(protocolText, PROTOCOL_FILE)).toEqual({ ok: true, value: protocol });
  });

  it('is marked as a reconstruction to be replaced by the official text', () => {
    expect(protocol.reconstructionNote).toMatch(/not the\s+official text/);
    expect(protocolText).toMatch(/^# RECONSTRUCTION\. This is NOT the official IRLM text\./m);
    expect(protocol.numbering).toBe('level_1_lowest_risk');
    expect(protocol.levels.map((l) => [l.level, l.name])).toEqual([
      [1, 'Low'],
      [2, 'Moderate'],
      [3, 'Urgent'],
      [4, 'Emergent'],
    ]);
  });

  it('has the demo region override for levels 2 and 3 with a 60-minute maximum', () => {
    const region = protocol.regionalOverrides['il-ems-6'];
    expect(region?.plans.map((p) => [p.level, p.maxResponseMinutes?.['default']])).toEqual([
      [2, 60],
      [3, 60],
    ]);
  });

  it('maps MPDS 25 and 41, PPDS 127, Total Response and APCO codes to every level, marked illustrative', () => {
    const codes = protocol.vendorCodes;
    expect(codes.some((c) => c.vendor === 'mpds' && c.code.startsWith('25-'))).toBe(true);
    expect(codes.some((c) => c.vendor === 'mpds' && c.code.startsWith('41-'))).toBe(true);
    expect(codes.some((c) => c.vendor === 'ppds' && c.code.startsWith('127-'))).toBe(true);
    for (const vendor of ['total_response', 'apco'] as const) {
      expect(new Set(codes.filter((c) => c.vendor === vendor).map((c) => c.level))).toEqual(new Set([1, 2, 3, 4]));
    }
    expect(codes.every((c) => c.illustrative)).toBe(true);
  });

  it('ships at least 20 cases for this version, and every one passes', () => {
    expect(cases.protocol).toBe(protocolVersionOf(protocol));
    expect(cases.cases.length).toBeGreaterThanOrEqual(20);
    const failures = runProtocolCases(protocol, cases.cases).filter((r) => !r.passed);
    expect(failures.map((f) => ({ name: f.name, diffs: f.diffs }))).toEqual([]);
  });

  it('covers every level, the regional override, emergent cases in at most three questions, and diagnosis alone', () => {
    const results = runProtocolCases(protocol, cases.cases);
    expect(new Set(results.map((r) => r.result?.level))).toEqual(new Set([1, 2, 3, 4]));
    expect(results.some((r) => r.result?.recommendedPlan.source === 'regional')).toBe(true);
    const emergent = results.filter((r) => r.result?.emergent);
    expect(emergent.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...emergent.map((r) => r.questionsAsked))).toBeLessThanOrEqual(3);
    const diagnosisOnly = results.filter(
      (r) => r.result?.factorsNotCounted.some((f) => f.reason === 'diagnosis_alone') && r.result.level === 1,
    );
    expect(diagnosisOnly.length).toBeGreaterThan(0);
  });

  it('reads the same protocol from JSON', () => {
    const fromJson = parseProtocol(JSON.stringify(parse(protocolText)), 'il-irlm.json');
    expect(fromJson).toEqual({ ok: true, value: protocol });
  });
});

describe('a broken protocol file', () => {
  const { protocol } = shipped();

  function broken(): string {
    // Edited through the YAML document, so the rest of the file keeps its layout and lines.
    const doc = parseDocument(protocolText);
    doc.set('colour', 'blue'); // unknown key
    doc.delete('title');
    doc.set('status', 'final');
    doc.set('numbering', 'level_1_highest_risk');
    doc.setIn(['factors', 0, 'level'], 5);
    doc.setIn(['questions', 1, 'answers', 0, 'emergnt'], true); // a typo must not pass silently
    doc.setIn(['regionalOverrides', 'il-ems-6', 'plans', 0, 'level'], 4);
    doc.setIn(['plans', 0, 'responders'], ['chaplain']);
    return doc.toString();
  }

  it('yields every schema problem, each with file, path, message and line', () => {
    const result = parseProtocol(broken(), 'broken.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual(
      [
        'colour',
        'title',
        'status',
        'numbering',
        'factors.0.level',
        'questions.1.answers.0.emergnt',
        'regionalOverrides.il-ems-6.plans.0.level',
        'plans.0.responders.0',
      ].sort(),
    );
    for (const problem of result.problems) {
      expect(problem.file).toBe('broken.yaml');
      expect(problem.message).not.toBe('');
      expect(problem.line).toBeGreaterThan(0);
    }
    const byPath = new Map(result.problems.map((p) => [p.path, p.message]));
    expect(byPath.get('regionalOverrides.il-ems-6.plans.0.level')).toMatch(/levels 2 and 3 only/);
    expect(byPath.get('colour')).toBe('unknown key "colour"');
    expect(byPath.get('numbering')).toMatch(/level 1 is the lowest risk/);
  });

  it('points at the line of the problem', () => {
    const text = protocolText.replace('status: published', 'status: final');
    const result = parseProtocol(text, PROTOCOL_FILE);
    const line = text.split('\n').findIndex((l) => l.startsWith('status: final')) + 1;
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ path: 'status', line })] });
  });

  it('reports a YAML syntax error with its line', () => {
    const result = parseProtocol('id: x\nlevels: [1, 2\nversion: 1.0\n', 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: 'bad.yaml', path: '' });
    expect(result.problems[0]?.line).toBeGreaterThan(0);
  });

  it('refuses a file that passes the schema but fails the lint, with every lint problem', () => {
    const doc = parseDocument(protocolText);
    const diagnosis = protocol.factors.findIndex((f) => f.id === 'known_diagnosis');
    doc.setIn(['questions', 0, 'answers', 6, 'next'], 'nowhere');
    doc.setIn(['factors', diagnosis, 'level'], 3);
    const result = loadProtocol(doc.toString(), 'lint.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    expect(paths).toContain('questions.0.answers.6.next');
    expect(paths).toContain(`factors.${diagnosis}.level`);
    for (const problem of result.problems) expect(problem).toMatchObject({ file: 'lint.yaml', line: expect.any(Number) });
  });

  it('refuses a cases file with unknown keys and bad expectations', () => {
    const result = parseProtocolCases(
      'protocol: il-irlm@2025.09.0\ncases:\n  - name: x\n    answers: [[a, b, c]]\n    expect: { level: 0, responseType: taxi }\n    extra: 1\n',
      'cases.yaml',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual(
      ['cases.0.answers.0', 'cases.0.expect.level', 'cases.0.expect.responseType', 'cases.0.extra'].sort(),
    );
  });
});

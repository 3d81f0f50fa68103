import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The published NENA EIDO schema and sample live beside the repository (`../shared/standards/eido`
 * from its root); the tests validate against that file itself, independently of the server's copy.
 */
export function eidoStandardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    const candidate = join(dir, 'shared', 'standards', 'eido');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('no shared/standards/eido above the repository');
}

/** The published schema's components with its two known quirks normalised (see the standards README). */
export function publishedEidoSchema(): { components: { schemas: Record<string, unknown> } } {
  const doc = parse(readFileSync(join(eidoStandardDir(), 'openapi.yaml'), 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'description' || k === 'title' || k === 'example') && typeof x === 'string') continue;
      if ((k === 'minItems' || k === 'maxItems') && typeof x === 'string') out[k] = Number.parseInt(x, 10);
      else if (k === '$ref' && typeof x === 'string' && !x.startsWith('#')) return {};
      else out[k] = norm(x);
    }
    return out;
  };
  return { components: { schemas: norm(doc.components.schemas) as Record<string, unknown> } };
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let validator: ValidateFunction | null = null;

/** A validator of whole EIDO documents compiled from the published file. */
export function publishedEidoValidator(): ValidateFunction {
  validator ??= addFormats(new Ajv({ strict: false, allErrors: true })).compile({ ...publishedEidoSchema(), $ref: '#/components/schemas/EmergencyIncidentDataObjectType' });
  return validator;
}

export const eidoSample = (): Record<string, unknown> => JSON.parse(readFileSync(join(eidoStandardDir(), 'sample-call-transfer.json'), 'utf8')) as Record<string, unknown>;

const PIDF = (lat: number, lon: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" entity="pres:caller@psap"><tuple id="t1"><status><gp:geopriv><gp:location-info><gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${lat} ${lon}</gml:pos></gml:Point><civicAddress xmlns="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"><country>US</country><A1>IL</A1><A3>Urbana</A3><RD>Race</RD><STS>St</STS><HNO>204</HNO></civicAddress></gp:location-info><gp:method>GPS</gp:method></gp:geopriv></status></tuple></presence>`;

/** A 911 CAD's EIDO for a crisis call, with every part Continuum keeps. */
export function cadEido(opts: { id?: string; at?: string; type?: string; code?: string } = {}): Record<string, unknown> {
  const id = opts.id ?? `urn:emergency:uid:incidentid:${crypto.randomUUID()}:cad.champaign911.example`;
  const at = opts.at ?? '2026-12-05T10:00:00.000Z';
  const agency = { $ref: 'cad.champaign911.example' };
  const pro = (cid: string) => ({ $id: cid, lastUpdateTimeStamp: at, updatedByAgencyReference: agency });
  const call = `${id}:call1`;
  return {
    ...pro(id),
    updatedByAgentReference: { $ref: 'tc42@cad.champaign911.example' },
    eidoVersion: '1.0',
    issuingElementIdentification: 'cad.champaign911.example',
    incidentComponent: {
      ...pro(`${id}:incident`),
      incidentTypeCommonRegistryText: opts.type ?? 'SUICTHRT',
      incidentTypeInternalCode: opts.code ?? '25-B-3',
      internalIncidentId: 'CAD-2026-004211',
      locationReference: [{ $ref: `${id}:loc` }],
      personReference: [{ $ref: `${id}:caller` }, { $ref: `${id}:subject` }],
    },
    agencyComponent: [{ ...pro('cad.champaign911.example'), agencyRoleDescriptionRegistryText: ['CallReceiving'], agencyType: ['psap'] }],
    callComponent: [{ ...pro(call), callStateRegistryText: 'callAnswered', standardPrimaryCallType: 'emergency', direction: 'incoming', queueIdentifier: '911@champaign', callStartTimestamp: '2026-12-05T09:58:00.000Z', answerDate: '2026-12-05T09:58:05.000Z', locationReference: [{ $ref: `${id}:loc` }] }],
    callbackComponent: [{ ...pro(`${id}:cb`), callBackInformationUri: ['tel:+12175550142'] }],
    locationComponent: [{ ...pro(`${id}:loc`), locationTypeDescriptionRegistryText: 'Caller', locationByValue: PIDF(40.1098, -88.2084) }],
    personComponent: [
      { ...pro(`${id}:caller`), personIncidentRoleRegistryText: ['Caller'], ncPersonComponent: { PersonName: { PersonFullName: 'Ana Diaz' } }, callIdentifier: [call] },
      { ...pro(`${id}:subject`), personIncidentRoleRegistryText: ['Subject'], ncPersonComponent: { PersonName: { PersonFullName: 'Luis Diaz' }, PersonAgeMeasure: { MeasureIntegerValue: 29 } } },
    ],
    notesComponent: [{ ...pro(`${id}:note1`), notesActionComments: 'Brother says he has pills and wants to die' }],
  };
}

import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { GeoPoint } from '@continuum/domain';

/**
 * PIDF-LO (RFC 4119, civic address RFC 5139, geodetic shapes RFC 5491): how EIDO carries a
 * location, as XML text in `locationByValue`. Continuum reads the civic address and the point (or
 * a circle's centre) and writes a point and, when the CAD gave one, its civic address back.
 */
export interface PidfLocation {
  /** The civic address elements as sent (country, A1 state, A3 city, RD road, HNO number …). */
  civic: Record<string, string> | null;
  point: GeoPoint | null;
  method: string | null;
}

/** The civic elements in the order an address reads, for the one-line text Continuum shows. */
const STREET = ['HNO', 'HNS', 'PRD', 'RD', 'STS', 'POD'];
const AFTER = ['LOC', 'A6', 'A5', 'A4', 'A3', 'A2', 'A1', 'PC'];

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, parseTagValue: false, trimValues: true, processEntities: true, htmlEntities: false });

/** Finds the first element named `name` anywhere below `node`. */
function find(node: unknown, name: string): unknown {
  if (!node || typeof node !== 'object') return undefined;
  for (const [k, v] of Object.entries(node)) {
    if (k === name) return Array.isArray(v) ? v[0] : v;
    const deeper = find(Array.isArray(v) ? v[0] : v, name);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { '#text'?: unknown })['#text'] === 'string' ? ((v as { '#text': string })['#text']) : null);

/** Reads a PIDF-LO document; null when it is not one (not XML, no presence). */
export function readPidf(xml: string): PidfLocation | null {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const presence = find(doc, 'presence');
  if (!presence) return null;
  const civicNode = find(presence, 'civicAddress');
  let civic: Record<string, string> | null = null;
  if (civicNode && typeof civicNode === 'object') {
    civic = {};
    for (const [k, v] of Object.entries(civicNode)) {
      const t = textOf(v);
      if (!k.startsWith('@_') && t) civic[k] = t;
    }
  }
  const pos = textOf(find(presence, 'pos'));
  const [lat, lon] = (pos ?? '').split(/\s+/).map(Number);
  const point = pos && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180 ? { lat: lat!, lon: lon! } : null;
  return { civic, point, method: textOf(find(presence, 'method')) };
}

/** The one-line address of a civic address: "42 W Cellular Street, Wilmington, DE, US". */
export function addressOfCivic(civic: Record<string, string>): string {
  const street = STREET.map((k) => civic[k]).filter(Boolean).join(' ');
  return [street, ...AFTER.map((k) => civic[k]), civic.country].filter((x): x is string => Boolean(x)).join(', ');
}

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: true, format: false });

/** A PIDF-LO document of a point and, when known, a civic address, for an EIDO location. */
export function writePidf(entity: string, point: GeoPoint | null, civic: Record<string, string> | null, method: string): string {
  const info: Record<string, unknown> = {};
  if (point) info['gml:Point'] = { '@_xmlns:gml': 'http://www.opengis.net/gml', '@_srsName': 'urn:ogc:def:crs:EPSG::4326', 'gml:pos': `${point.lat} ${point.lon}` };
  if (civic) info.civicAddress = { '@_xmlns': 'urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr', ...civic };
  const body = {
    presence: {
      '@_xmlns': 'urn:ietf:params:xml:ns:pidf',
      '@_xmlns:gp': 'urn:ietf:params:xml:ns:pidf:geopriv10',
      '@_xmlns:dm': 'urn:ietf:params:xml:ns:pidf:data-model',
      '@_entity': entity,
      'dm:device': {
        '@_id': 'location',
        'gp:geopriv': { 'gp:location-info': info, 'gp:usage-rules': '', 'gp:method': method },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(body) as string}`;
}

// The XML model's cost against its floor: parse + build of a realistic ~200-line domain document (one that
// libvirtd wrote), as a ratio to fast-xml-parser's own bare parse + build of the same text.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { buildDomainXml, parseDomainXml } from '../src/xml/index.js';
import { medianNsSync } from './stats.js';

const FIXTURE = 'test/fixtures/xml/domain/libvirtd-defined-osinfo-rhel9-migratable.xml';

export interface XmlTimings {
  document: string;
  lines: number;
  /** Median µs of parseDomainXml + buildDomainXml. */
  modelUs: number;
  /** Median µs of fast-xml-parser's bare XMLParser.parse + XMLBuilder.build (preserveOrder, attributes). */
  floorUs: number;
  /** floor / model: 1 means as fast as the bare parser; the goal is at least 0.5. */
  ratio: number;
}

export function measureXml(iterations = 2000): XmlTimings {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const xml = readFileSync(join(root, FIXTURE), 'utf8');
  const options = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_' } as const;
  const parser = new XMLParser(options);
  const builder = new XMLBuilder(options);
  const floor = () => builder.build(parser.parse(xml));
  const model = () => buildDomainXml(parseDomainXml(xml));
  for (let i = 0; i < 300; i++) {
    floor();
    model();
  }
  const samples = Math.max(iterations / 10, 10);
  const floorNs = medianNsSync(samples, 10, floor);
  const modelNs = medianNsSync(samples, 10, model);
  return {
    document: FIXTURE,
    lines: xml.split('\n').length,
    modelUs: modelNs / 1000,
    floorUs: floorNs / 1000,
    ratio: floorNs / modelNs,
  };
}

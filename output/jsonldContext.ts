/**
 * The JSON-LD context embedded in `dataset.jsonld` (an object, never a URL: nothing is fetched to
 * read the file). Every term is declared explicitly — there is no `@vocab` — so a misspelt key is
 * dropped by a JSON-LD processor instead of silently becoming a schema.org property.
 *
 * Vocabularies:
 * - schema.org (`http://schema.org/`, the namespace schema.org's own context uses) for the
 *   documents and measures (`Legislation`), organisations, places and amounts (`MonetaryAmount`);
 * - DCAT 3, Dublin Core terms, FOAF and SPDX for the dataset and its distributions;
 * - `zc:` for the few facts neither has a term for (a rate's unit, bound inclusivity, a node's
 *   path, dates printed in a measure). They are minted under the publisher's own base IRI
 *   (`<base>vocab#`), so the file claims no namespace its publisher does not control.
 *
 * Typed literals: `legislationDate` is coerced to xsd:date, `issued` to xsd:dateTime,
 * `value`/`minValue`/`maxValue` to xsd:decimal (written as decimal strings, never exponents),
 * `byteSize` to xsd:nonNegativeInteger and `checksumValue` to xsd:hexBinary. A date printed in a
 * measure carries its own datatype (xsd:date, xsd:gYearMonth or xsd:gYear; an interval stays a
 * plain string).
 */

export const SCHEMA = 'http://schema.org/';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const DCAT = 'http://www.w3.org/ns/dcat#';
export const DCT = 'http://purl.org/dc/terms/';
export const FOAF = 'http://xmlns.com/foaf/0.1/';
export const SPDX = 'http://spdx.org/rdf/terms#';
/** Where `zc:` terms live, relative to the base IRI. */
export const ZC_VOCAB_PATH = 'vocab#';
/** IANA media type IRIs (DCAT 3: the range of dcat:mediaType is dct:MediaType, an IRI). */
export const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/';

/** The base IRI with a trailing `/` (or `#`); throws unless it is absolute. */
export function normalizeBaseIri(baseIri: string): string {
  let base = baseIri.trim();
  let ok = false;
  try {
    ok = /^[a-z][a-z0-9+.-]*:/i.test(base) && new URL(base).protocol.length > 0;
  } catch {
    ok = false;
  }
  if (!ok) throw new Error(`base IRI must be an absolute IRI such as https://data.example.org/zhengce/ (got ${JSON.stringify(baseIri)})`);
  if (!base.endsWith('/') && !base.endsWith('#')) base += '/';
  return base;
}

/** The context for a base IRI (only the `zc:` namespace depends on it). */
export function jsonLdContext(baseIri: string): Record<string, unknown> {
  const base = normalizeBaseIri(baseIri);
  return {
    schema: SCHEMA,
    xsd: XSD,
    dcat: DCAT,
    dct: DCT,
    foaf: FOAF,
    spdx: SPDX,
    zc: `${base}${ZC_VOCAB_PATH}`,

    // classes
    Legislation: 'schema:Legislation',
    Organization: 'schema:Organization',
    AdministrativeArea: 'schema:AdministrativeArea',
    MonetaryAmount: 'schema:MonetaryAmount',
    Dataset: 'dcat:Dataset',
    Distribution: 'dcat:Distribution',
    Agent: 'foaf:Agent',
    Checksum: 'spdx:Checksum',
    DateMention: 'zc:DateMention',

    // schema.org: documents and measures
    name: 'schema:name',
    identifier: 'schema:identifier',
    text: 'schema:text',
    inLanguage: 'schema:inLanguage',
    legislationIdentifier: 'schema:legislationIdentifier',
    legislationDate: { '@id': 'schema:legislationDate', '@type': 'xsd:date' },
    legislationPassedBy: 'schema:legislationPassedBy',
    legislationJurisdiction: 'schema:legislationJurisdiction',
    legislationResponsible: 'schema:legislationResponsible',
    hasPart: 'schema:hasPart',
    isPartOf: { '@id': 'schema:isPartOf', '@type': '@id' },
    mentions: 'schema:mentions',

    // schema.org: amounts of money
    amount: 'schema:amount',
    value: { '@id': 'schema:value', '@type': 'xsd:decimal' },
    minValue: { '@id': 'schema:minValue', '@type': 'xsd:decimal' },
    maxValue: { '@id': 'schema:maxValue', '@type': 'xsd:decimal' },
    currency: 'schema:currency',

    // zhengce terms
    path: 'zc:path',
    per: 'zc:per',
    minInclusive: 'zc:minInclusive',
    maxInclusive: 'zc:maxInclusive',
    date: 'zc:date',
    bound: 'zc:bound',

    // DCAT, Dublin Core, FOAF, SPDX: the dataset
    title: 'dct:title',
    issued: { '@id': 'dct:issued', '@type': 'xsd:dateTime' },
    publisher: 'dct:publisher',
    agentName: 'foaf:name',
    distribution: 'dcat:distribution',
    mediaType: { '@id': 'dcat:mediaType', '@type': '@id' },
    byteSize: { '@id': 'dcat:byteSize', '@type': 'xsd:nonNegativeInteger' },
    checksum: 'spdx:checksum',
    algorithm: { '@id': 'spdx:algorithm', '@type': '@id' },
    checksumValue: { '@id': 'spdx:checksumValue', '@type': 'xsd:hexBinary' },
  };
}
